import { z } from 'zod';
import type { LoginUser } from '../domain';
import { LoginError } from '../service/errors';

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

/** RFC 6750 `b64token`, bounded: JWTs and the opaque tokens identity providers issue. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]{1,8192}=*)$/;

/** The token of `Authorization: Bearer <token>`, or 401. */
export function bearerToken(authorization: string | undefined): string {
  const token = BEARER.exec(authorization ?? '')?.[1];
  if (!token) throw new LoginError('unauthorized', 'A mobile user token is required (Authorization: Bearer <token>).');
  return token;
}

/** A compact JWS (three base64url parts), as opposed to an opaque token. */
export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);

/** The user a verified token (or an introspection answer) names, or 401 when it lacks `sub` or `exp`. */
export function userFromClaims(payload: unknown): LoginUser & { expiresAt: number } {
  const claims = mobileClaims.safeParse(payload);
  if (!claims.success) throw new LoginError('unauthorized', 'The mobile user token needs a valid `sub` and an `exp`.');
  const { sub, name, picture, exp } = claims.data;
  return { id: sub, name, picture, expiresAt: exp * 1000 };
}

export const invalidToken = (expired = false) =>
  new LoginError('unauthorized', expired ? 'The mobile user token has expired.' : 'The mobile user token is invalid.');

/**
 * The identity provider did not answer: 503 with Retry-After, never 401, so the app keeps its user signed in
 * and retries, and never an acceptance.
 */
export const providerUnavailable = (retryAfterSeconds: number) =>
  new LoginError('unavailable', 'The identity provider cannot be reached to check the token; try again shortly.', {
    retryAfterSeconds,
  });
