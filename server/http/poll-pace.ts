import type { Context, Middleware } from 'koa';
import type { Limit } from '../limits/rate-limits';
import { LoginError } from '../service/errors';
import { spendLimit } from './rate-limit';
import { RequestError } from './request-error';

/** RFC 8628 §3.5: a poller told to slow down adds five seconds to its interval for good. */
export const SLOW_DOWN_STEP_MS = 5_000;

/**
 * The poll allowance as RFC 8628 means it: a browser past it is told `slow_down` with the longer interval to keep
 * (and `Retry-After`), not a bare `429`, so a client that follows the answer stops tripping the limit.
 * The allowance is spent once the poll is answered: a poll the service refuses (an unknown id, a wrong secret)
 * spends none, so made-up ids and secrets cost no limiter key in Redis, and there are at most as many keys
 * as live logins (issue 15). Such a poll still costs one read, the same as an answered one.
 */
export function pollPace(limit: Limit | undefined, keyOf: (ctx: Context) => string, intervalMs: number): Middleware {
  return async (ctx, next) => {
    await next();
    try {
      await spendLimit(ctx, limit, keyOf(ctx));
    } catch (error) {
      ctx.remove('ETag');
      if (!(error instanceof LoginError) || error.code !== 'rate_limited') throw error;
      throw new RequestError('slow_down', 'Polling too fast: wait pollIntervalMs between polls from now on.', {
        retryAfterSeconds: error.details.retryAfterSeconds,
        pollIntervalMs: intervalMs + SLOW_DOWN_STEP_MS,
      });
    }
  };
}
