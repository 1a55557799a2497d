import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { SessionTokenIssuer } from '../service/session-token-issuer';
import type { SessionTokenVerifier } from '../service/session-token-verifier';
import type { SessionKeyRing } from './session-keys';

/**
 * The `typ` header of session tokens (RFC 8725 §3.11, explicit typing): a verifier of other tokens, the mobile
 * one here, refuses it, so a session token never passes for another kind even under a shared key.
 */
export const SESSION_TOKEN_TYPE = 'qr-session+jwt';

/** The service's session token port, plus the public keys for `/.well-known/jwks.json`. */
export interface SessionTokens extends SessionTokenIssuer {
  /** The public keys relying services verify session tokens with; empty with HS256 secrets. */
  jwks(): { keys: object[] };
}

export interface SessionTokenOptions {
  sessionKeys: SessionKeyRing;
  sessionJwtIssuer?: string;
  sessionJwtAudience?: string;
  sessionTokenTtlSeconds: number;
}

/** Sites keep the session token in a cookie: a picture goes in only as a short link, never as a data: URL. */
const MAX_PICTURE_URL_LENGTH = 256;
const fitsInCookie = (picture: string) => /^https?:\/\//.test(picture) && picture.length <= MAX_PICTURE_URL_LENGTH;

/**
 * Session tokens for the browser: `sub` = the user id, `iat`, `exp`, a unique `jti` (the login's id: one token
 * per login, and the id of the session it starts, so it can be listed and revoked), `iss`/`aud` when configured.
 * The header names the signing key by `kid` and the token's type (`typ`). `expiresIn` is what is left of the token's life at `now`.
 */
export function sessionTokenIssuer(options: SessionTokenOptions): SessionTokens {
  const { active, all } = options.sessionKeys;
  return {
    issue(user, grant, now) {
      const issuedAt = Math.floor(grant.issuedAt / 1000);
      const claims: Record<string, string | number> = { iat: issuedAt };
      if (user.name) claims.name = user.name;
      if (user.picture && fitsInCookie(user.picture)) claims.picture = user.picture;
      const jti = grant.tokenId;
      const signOptions: jwt.SignOptions = {
        algorithm: active.algorithm,
        subject: user.id,
        expiresIn: options.sessionTokenTtlSeconds,
        jwtid: jti,
        keyid: active.kid,
        header: { alg: active.algorithm, typ: SESSION_TOKEN_TYPE },
      };
      if (options.sessionJwtIssuer) signOptions.issuer = options.sessionJwtIssuer;
      if (options.sessionJwtAudience) signOptions.audience = options.sessionJwtAudience;
      const exp = issuedAt + options.sessionTokenTtlSeconds;
      const token = jwt.sign(claims, active.signing, signOptions);
      const expiresIn = Math.max(0, exp - Math.floor(now / 1000));
      return { token, expiresIn, jti, issuedAt: grant.issuedAt, expiresAt: exp * 1000 };
    },
    // Every key that may still verify a live token: a relying service that caches this set keeps verifying
    // tokens of the previous key and already knows the next one before it signs (see docs/security.md).
    jwks: () => ({ keys: all.flatMap((key) => (key.jwk ? [key.jwk] : [])) }),
  };
}

const sessionClaims = z.object({
  sub: z.string().min(1),
  jti: z.string().min(1),
  iat: z.number(),
  exp: z.number(),
  iss: z.string().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
});

/**
 * Verifies a session token with the key its `kid` names, under that key's one algorithm (T10). Tokens signed
 * before keys carried a `kid` are tried against each key, each pinned to its own algorithm.
 */
export function sessionTokenVerifier(
  options: Omit<SessionTokenOptions, 'sessionTokenTtlSeconds'>,
): SessionTokenVerifier {
  const verifyOptions: jwt.VerifyOptions = {};
  if (options.sessionJwtIssuer) verifyOptions.issuer = options.sessionJwtIssuer;
  if (options.sessionJwtAudience) verifyOptions.audience = options.sessionJwtAudience;
  const { sessionKeys } = options;
  return {
    verify(token) {
      const header = jwt.decode(token, { complete: true })?.header;
      if (!header) return undefined;
      const candidates = header.kid === undefined ? sessionKeys.all : [sessionKeys.byKid(header.kid)];
      for (const key of candidates) {
        if (!key) continue;
        try {
          const payload = jwt.verify(token, key.verifying, { ...verifyOptions, algorithms: [key.algorithm] });
          const claims = sessionClaims.safeParse(payload);
          return claims.success ? { ...claims.data, kid: key.kid } : undefined;
        } catch {
          // Not this key, expired, or not ours: the next candidate, if any.
        }
      }
      return undefined;
    },
  };
}
