import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { LoginUser } from '../domain';
import { LoginError } from '../service/errors';
import { algorithmOf } from './asymmetric-keys';
import { SESSION_TOKEN_TYPE } from './session-tokens';

/**
 * Claims a phone's user token must carry: `sub` is the user id, `exp` bounds a stolen token's use (RFC 8725),
 * `name` and `picture` are shown to the browser.
 */
const mobileClaims = z.object({
  sub: z.string().min(1).max(256),
  exp: z.number(),
  name: z.string().max(200).optional(),
  picture: z
    .string()
    .max(4096)
    .regex(/^(https?:\/\/|data:image\/)/, 'picture must be an http(s) or data:image URL')
    .optional(),
});

export interface MobileTokenVerifier {
  verify(authorization: string | undefined): LoginUser;
}

/** Named as the settings they come from (server/config.ts). */
export interface MobileTokenOptions {
  /** HS256 shared secret, used when no public key is given. */
  mobileJwtSecret: string;
  /** RSA or P-256 public key: tokens must then be RS256 or ES256 (whichever the key is) and HS256 is refused. */
  mobileJwtPublicKey?: KeyObject;
  mobileJwtIssuer?: string;
  mobileJwtAudience?: string;
}

/**
 * The key as a KeyObject made once: given a string, jsonwebtoken tries to parse it as a PEM key on every call,
 * which cost 570 µs a verification against 11 µs (scripts/bench/micro.ts).
 */
function verificationKey(options: MobileTokenOptions): { key: KeyObject; algorithm: jwt.Algorithm } {
  const publicKey = options.mobileJwtPublicKey;
  if (!publicKey) return { key: createSecretKey(Buffer.from(options.mobileJwtSecret)), algorithm: 'HS256' };
  return { key: publicKey, algorithm: algorithmOf(publicKey) };
}

/**
 * Verifies `Authorization: Bearer <jwt>` with exactly one algorithm, so `alg: none` and HS/RS confusion
 * fail (T10), and with `iss`/`aud` when configured, so a session token cannot pass for a mobile one.
 */
export function mobileTokenVerifier(options: MobileTokenOptions): MobileTokenVerifier {
  const { key, algorithm } = verificationKey(options);
  const verifyOptions: jwt.VerifyOptions = { algorithms: [algorithm] };
  if (options.mobileJwtIssuer) verifyOptions.issuer = options.mobileJwtIssuer;
  if (options.mobileJwtAudience) verifyOptions.audience = options.mobileJwtAudience;
  return {
    verify(authorization) {
      const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '')?.[1];
      if (!token)
        throw new LoginError('unauthorized', 'A mobile user token is required (Authorization: Bearer <jwt>).');
      let payload: unknown;
      try {
        const verified = jwt.verify(token, key, { ...verifyOptions, complete: true });
        if (verified.header.typ === SESSION_TOKEN_TYPE) throw new Error('a session token is not a mobile token');
        payload = verified.payload;
      } catch (error) {
        const expired = error instanceof jwt.TokenExpiredError;
        throw new LoginError(
          'unauthorized',
          expired ? 'The mobile user token has expired.' : 'The mobile user token is invalid.',
        );
      }
      const claims = mobileClaims.safeParse(payload);
      if (!claims.success)
        throw new LoginError('unauthorized', 'The mobile user token needs a valid `sub` and an `exp`.');
      const { sub, name, picture } = claims.data;
      return { id: sub, name, picture };
    },
  };
}

/** Signs an HS256 mobile user token the way a phone app's own login would; used by the demo and the tests. */
export function signHs256MobileToken(
  secret: string,
  claims: { sub: string; name?: string; picture?: string },
  expiresInSeconds = 3600,
): string {
  const { sub, ...profile } = claims;
  return jwt.sign(profile, secret, { algorithm: 'HS256', subject: sub, expiresIn: expiresInSeconds });
}
