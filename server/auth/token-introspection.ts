import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { LoginUser } from '../domain';
import { invalidToken, providerUnavailable, userFromClaims } from './mobile-claims';

export interface IntrospectionOptions {
  mobileTokenIntrospectionUrl: string;
  mobileTokenIntrospectionClientId: string;
  mobileTokenIntrospectionClientSecret: string;
  mobileTokenIntrospectionCacheSeconds: number;
  mobileJwtIssuer?: string;
  mobileJwtAudience?: string;
  clock?: () => number;
}

const FETCH_TIMEOUT_MS = 5_000;
const RETRY_AFTER_SECONDS = 5;
/** Cached answers, at most: the oldest goes first when full, so a flood of tokens cannot grow memory. */
const CACHE_MAX_ENTRIES = 10_000;

/** RFC 7662 §2.2: only `active` is required; the rest is checked where the provider sends it. */
const introspectionAnswer = z.object({
  active: z.boolean(),
  iss: z.string().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
});

/**
 * Opaque mobile tokens checked with the provider's RFC 7662 introspection endpoint, with HTTP Basic client
 * authentication. An active answer is cached by the token's SHA-256 for at most the configured seconds and
 * never past the token's `exp`; inactive answers are not cached. A provider that cannot be reached, or answers
 * anything but a well-formed 200, gives 503 with Retry-After: never an acceptance, never a 401.
 */
export function introspectionVerifier(options: IntrospectionOptions): (token: string) => Promise<LoginUser> {
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, { user: LoginUser; until: number }>();
  const credentials = Buffer.from(
    `${encodeURIComponent(options.mobileTokenIntrospectionClientId)}:${encodeURIComponent(options.mobileTokenIntrospectionClientSecret)}`,
  ).toString('base64');

  async function ask(token: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(options.mobileTokenIntrospectionUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${credentials}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (response.status !== 200) throw new Error(`introspection answered ${response.status}`);
      return await response.json();
    } catch {
      throw providerUnavailable(RETRY_AFTER_SECONDS);
    }
  }

  return async (token) => {
    const key = createHash('sha256').update(token).digest('base64url');
    const now = clock();
    const cached = cache.get(key);
    if (cached && cached.until > now) return cached.user;
    cache.delete(key);

    const body = await ask(token);
    const answer = introspectionAnswer.safeParse(body);
    if (!answer.success) throw providerUnavailable(RETRY_AFTER_SECONDS);
    if (!answer.data.active) throw invalidToken();
    const { iss, aud } = answer.data;
    if (options.mobileJwtIssuer && iss !== options.mobileJwtIssuer) throw invalidToken();
    if (options.mobileJwtAudience && ![aud].flat().includes(options.mobileJwtAudience)) throw invalidToken();
    const { expiresAt, ...user } = userFromClaims(body);
    if (expiresAt <= now) throw invalidToken(true);

    const until = Math.min(expiresAt, now + options.mobileTokenIntrospectionCacheSeconds * 1000);
    if (until > now) {
      if (cache.size >= CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(key, { user, until });
    }
    return user;
  };
}
