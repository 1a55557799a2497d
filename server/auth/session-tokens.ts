import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { LoginUser } from '../domain';
import type { SessionTokenVerifier } from '../service/session-token-verifier';
import type { SessionKeyRing } from './session-keys';

export interface IssuedSessionToken {
  token: string;
  expiresIn: number;
  /** The token's `jti`: the id of the session it starts. */
  jti: string;
  /** When the token was first issued (the grant's moment) and when it expires (its `exp`), epoch ms. */
  issuedAt: number;
  expiresAt: number;
}

/** What makes a token the same token when issued again: its id and when it was first issued (epoch ms). */
export interface SessionGrant {
  tokenId: string;
  issuedAt: number;
}

export interface SessionTokenIssuer {
  /** The token for `grant`: issued again for the same grant it has the same claims (with HS256 and RS256, the same bytes). */
  issue(user: LoginUser, grant: SessionGrant, now: number): IssuedSessionToken;
  /** The public keys relying services verify session tokens with; empty with HS256 secrets. */
  jwks(): { keys: object[] };
}

export interface SessionTokenOptions {
  sessionKeys: SessionKeyRing;
  sessionJwtIssuer?: string;
  sessionJwtAudience?: string;
  sessionTokenTtlSeconds: number;
}

/**
 * Session tokens for the browser: `sub` = the user id, `iat`, `exp`, a unique `jti` (the login's id: one token
 * per login, and the id of the session it starts, so it can be listed and revoked), `iss`/`aud` when configured.
 * The header names the signing key by `kid`. `expiresIn` is what is left of the token's life at `now`.
 */
export function sessionTokenIssuer(options: SessionTokenOptions): SessionTokenIssuer {
  const { active, all } = options.sessionKeys;
  return {
    issue(user, grant, now) {
      const issuedAt = Math.floor(grant.issuedAt / 1000);
      const claims: Record<string, string | number> = { iat: issuedAt };
      if (user.name) claims.name = user.name;
      if (user.picture) claims.picture = user.picture;
      const jti = grant.tokenId;
      const signOptions: jwt.SignOptions = {
        algorithm: active.algorithm,
        subject: user.id,
        expiresIn: options.sessionTokenTtlSeconds,
        jwtid: jti,
        keyid: active.kid,
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
