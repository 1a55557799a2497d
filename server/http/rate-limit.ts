import type { Context, Middleware } from 'koa';
import { type Limit, type LimitStanding, RateLimitedError } from '../limits/rate-limits';

/**
 * Tells the client where it stands against a limit, in the RateLimit header fields of the IETF httpapi draft:
 * `RateLimit-Policy: "creates-per-ip";q=10;w=60` and `RateLimit: "creates-per-ip";r=9;t=60` (quota per window
 * of w seconds; r left, reset in t seconds). A request counted by several limits gets one list item each.
 */
function announce(ctx: Context, standing: LimitStanding): void {
  const name = JSON.stringify(standing.policy);
  ctx.append('RateLimit-Policy', `${name};q=${standing.quota};w=${standing.windowSeconds}`);
  ctx.append('RateLimit', `${name};r=${standing.remaining};t=${standing.resetSeconds}`);
}

/**
 * Spends one request of `key`'s allowance under `limit` (none configured: nothing to spend) and tells the
 * client where it stands, on success and on refusal alike.
 */
export async function spendLimit(ctx: Context, limit: Limit | undefined, key: string): Promise<void> {
  if (!limit) return;
  try {
    announce(ctx, await limit(key));
  } catch (error) {
    if (error instanceof RateLimitedError) announce(ctx, error.standing);
    throw error;
  }
}

/** Applies `limit` to each request under the key `keyOf` gives (no limit configured: passes through). */
export function rateLimit(limit: Limit | undefined, keyOf: (ctx: Context) => string): Middleware {
  return async (ctx, next) => {
    await spendLimit(ctx, limit, keyOf(ctx));
    await next();
  };
}
