import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ConfigError } from '../config';
import type { LoginUser } from '../domain';
import { algorithmOf, publicJwk } from './asymmetric-keys';

export interface IssuedSessionToken {
  token: string;
  expiresIn: number;
}

export interface SessionTokenIssuer {
  issue(user: LoginUser): IssuedSessionToken;
  /** The public keys relying services verify session tokens with; empty with an HS256 secret. */
  jwks(): { keys: object[] };
}

export interface SessionTokenOptions {
  /** HS256 shared secret, used when no private key is given. */
  secret: string;
  /** PEM private key (RS256 or ES256): relying services then verify with the JWKS, no shared secret. */
  privateKeyPem?: string;
  issuer?: string;
  audience?: string;
  expiresInSeconds: number;
}

/** The key as a KeyObject made once (a string is re-parsed by jsonwebtoken on every signature). */
function signingKey(options: SessionTokenOptions): {
  key: KeyObject;
  algorithm: jwt.Algorithm;
  jwk?: object & { kid: string };
} {
  if (!options.privateKeyPem) return { key: createSecretKey(Buffer.from(options.secret)), algorithm: 'HS256' };
  try {
    const key = createPrivateKey(options.privateKeyPem);
    return { key, algorithm: algorithmOf(key), jwk: publicJwk(createPublicKey(key)) };
  } catch (error) {
    throw new ConfigError('SESSION_JWT_PRIVATE_KEY', (error as Error).message);
  }
}

/**
 * Session tokens for the browser: `sub` = the user id, `iat`, `exp`, a unique `jti` so relying services can
 * revoke one, and `iss`/`aud` when configured. `typ: JWT` and the key's `kid` go in the header.
 */
export function sessionTokenIssuer(options: SessionTokenOptions): SessionTokenIssuer {
  const { key, algorithm, jwk } = signingKey(options);
  return {
    issue(user) {
      const claims: Record<string, string> = {};
      if (user.name) claims.name = user.name;
      if (user.picture) claims.picture = user.picture;
      const signOptions: jwt.SignOptions = {
        algorithm,
        subject: user.id,
        expiresIn: options.expiresInSeconds,
        jwtid: randomUUID(),
      };
      if (options.issuer) signOptions.issuer = options.issuer;
      if (options.audience) signOptions.audience = options.audience;
      if (jwk) signOptions.keyid = jwk.kid;
      return { token: jwt.sign(claims, key, signOptions), expiresIn: options.expiresInSeconds };
    },
    jwks: () => ({ keys: jwk ? [jwk] : [] }),
  };
}
