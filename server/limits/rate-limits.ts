import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LoginError } from '../domain';
import { StoreUnavailableError } from '../store/store-unavailable';

/** Spends one request of `key`'s allowance; throws LoginError('rate_limited') with a retry time past it. */
export type Limit = (key: string) => Promise<void>;

export interface RateLimitSettings {
  createsPerIp: number;
  pollsPerLogin: number;
  socketConnectsPerIp: number;
  mobileCallsPerUser: number;
}

/** Each limit is undefined when set to 0 (off), e.g. for benchmarks. */
export type RateLimits = { [name in keyof RateLimitSettings]?: Limit };

/**
 * Per-minute limits against floods (threat model T14). With Redis the counts live there, so all instances
 * share one allowance per key; without it they are per process, like everything of the embedded store.
 */
export function createRateLimits(settings: RateLimitSettings, keyPrefix: string, redis?: Redis): RateLimits {
  const limits: RateLimits = {};
  for (const [name, points] of Object.entries(settings) as Array<[keyof RateLimitSettings, number]>) {
    if (points === 0) continue;
    const options = { keyPrefix: `${keyPrefix}limit:${name}`, points, duration: 60 };
    const limiter = redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options);
    limits[name] = async (key) => {
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw new StoreUnavailableError(rejection);
        throw new LoginError('rate_limited', 'Too many requests; try again later.', {
          retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
        });
      }
    };
  }
  return limits;
}
