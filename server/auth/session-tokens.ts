import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { SessionTokenIssuer } from '../service/session-token-issuer';
import { algorithmOf, publicJwk } from './asymmetric-keys';

/**
 * The `typ` header of session tokens (RFC 8725 §3.11, explicit typing): a verifier of other tokens, the mobile
 * one here, refuses it, so a session token never passes for another kind even under a shared key.
 */
export const SESSION_TOKEN_TYPE = 'qr-session+jwt';

/** The service's session token port, plus the public keys for `/.well-known/jwks.json`. */
export interface SessionTokens extends SessionTokenIssuer {
  /** The public keys relying services verify session tokens with; empty with an HS256 secret. */
  jwks(): { keys: object[] };
}

/** Named as the settings they come from (server/config.ts). */
export interface SessionTokenOptions {
  /** HS256 shared secret, used when no private key is given. */
  sessionJwtSecret: string;
  /** RSA 2048+ (RS256) or P-256 (ES256) private key: relying services then verify with the JWKS, no shared secret. */
  sessionJwtPrivateKey?: KeyObject;
  sessionJwtIssuer?: string;
  sessionJwtAudience?: string;
  sessionTokenTtlSeconds: number;
}

/** The key as a KeyObject made once (a string is re-parsed by jsonwebtoken on every signature). */
function signingKey(options: SessionTokenOptions): {
  key: KeyObject;
  algorithm: jwt.Algorithm;
  jwk?: object & { kid: string };
} {
  const privateKey = options.sessionJwtPrivateKey;
  if (!privateKey) return { key: createSecretKey(Buffer.from(options.sessionJwtSecret)), algorithm: 'HS256' };
  return { key: privateKey, algorithm: algorithmOf(privateKey), jwk: publicJwk(createPublicKey(privateKey)) };
}

/** Sites keep the session token in a cookie: a picture goes in only as a short link, never as a data: URL. */
const MAX_PICTURE_URL_LENGTH = 256;
const fitsInCookie = (picture: string) => /^https?:\/\//.test(picture) && picture.length <= MAX_PICTURE_URL_LENGTH;

/**
 * Session tokens for the browser: `sub` = the user id, `iat`, `exp`, a unique `jti` (the login's id: one token
 * per login) so relying services can revoke one, and `iss`/`aud` when configured. `typ: JWT` and the key's
 * `kid` go in the header. `expiresIn` is what is left of the token's life at `now`.
 */
export function sessionTokenIssuer(options: SessionTokenOptions): SessionTokens {
  const { key, algorithm, jwk } = signingKey(options);
  return {
    issue(user, grant, now) {
      const issuedAt = Math.floor(grant.issuedAt / 1000);
      const claims: Record<string, string | number> = { iat: issuedAt };
      if (user.name) claims.name = user.name;
      if (user.picture && fitsInCookie(user.picture)) claims.picture = user.picture;
      const signOptions: jwt.SignOptions = {
        algorithm,
        subject: user.id,
        expiresIn: options.sessionTokenTtlSeconds,
        jwtid: grant.tokenId,
        header: { alg: algorithm, typ: SESSION_TOKEN_TYPE },
      };
      if (options.sessionJwtIssuer) signOptions.issuer = options.sessionJwtIssuer;
      if (options.sessionJwtAudience) signOptions.audience = options.sessionJwtAudience;
      if (jwk) signOptions.keyid = jwk.kid;
      const expiresIn = Math.max(0, issuedAt + options.sessionTokenTtlSeconds - Math.floor(now / 1000));
      return { token: jwt.sign(claims, key, signOptions), expiresIn };
    },
    jwks: () => ({ keys: jwk ? [jwk] : [] }),
  };
}
