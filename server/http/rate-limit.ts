import type { Context, Middleware } from 'koa';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { LoginError } from '../domain';
import { StoreUnavailableError } from '../store/store-unavailable';

/**
 * Spends one point of `limiter` per request, keyed by `keyOf` (e.g. the client IP); when none are left the
 * request gets 429 with Retry-After. The limiter keeps its counts in Redis when there is one, so every
 * instance shares them. `limiter` undefined: no limit.
 */
export function rateLimit(limiter: RateLimiterAbstract | undefined, keyOf: (ctx: Context) => string): Middleware {
  return async (ctx, next) => {
    if (limiter) {
      try {
        await limiter.consume(keyOf(ctx));
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw new StoreUnavailableError(rejection);
        throw new LoginError('rate_limited', 'Too many requests; try again later.', {
          retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
        });
      }
    }
    await next();
  };
}
