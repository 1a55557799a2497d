import type { Context, Middleware } from 'koa';
import type { Limit } from '../limits/rate-limits';

/** Applies `limit` to each request under the key `keyOf` gives (no limit configured: passes through). */
export function rateLimit(limit: Limit | undefined, keyOf: (ctx: Context) => string): Middleware {
  return async (ctx, next) => {
    if (limit) await limit(keyOf(ctx));
    await next();
  };
}
