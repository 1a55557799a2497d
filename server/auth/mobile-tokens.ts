import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { LoginError, type LoginUser } from '../domain';

/** Claims a phone's user token must carry; `sub` is the user id, `name` and `picture` are shown to the browser. */
const mobileClaims = z.object({
  sub: z.string().min(1).max(256),
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

/** Verifies `Authorization: Bearer <jwt>` with the algorithm pinned, so `alg: none` and key confusion fail. */
export function hs256MobileTokens(secret: string): MobileTokenVerifier {
  return {
    verify(authorization) {
      const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '')?.[1];
      if (!token) throw new LoginError('unauthorized', 'A mobile user token is required (Authorization: Bearer <jwt>).');
      let payload: unknown;
      try {
        payload = jwt.verify(token, secret, { algorithms: ['HS256'] });
      } catch (error) {
        const expired = error instanceof jwt.TokenExpiredError;
        throw new LoginError('unauthorized', expired ? 'The mobile user token has expired.' : 'The mobile user token is invalid.');
      }
      const claims = mobileClaims.safeParse(payload);
      if (!claims.success) throw new LoginError('unauthorized', 'The mobile user token lacks a valid `sub` claim.');
      const { sub, name, picture } = claims.data;
      return { id: sub, name, picture };
    },
  };
}

/** Signs a mobile user token the way a phone app's own login would; used by the demo and the tests. */
export function signHs256MobileToken(
  secret: string,
  claims: { sub: string; name?: string; picture?: string },
  expiresInSeconds = 3600,
): string {
  const { sub, ...profile } = claims;
  return jwt.sign(profile, secret, { algorithm: 'HS256', subject: sub, expiresIn: expiresInSeconds });
}
