import type { Cluster, Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LoginError } from '../domain';
import { StoreUnavailableError } from '../store/store-unavailable';

/** Spends one request of `key`'s allowance; throws LoginError('rate_limited') with a retry time past it. */
export type Limit = (key: string) => Promise<void>;

/** Each limit, named by what it counts per, and the setting (server/config.ts) that gives its allowance per minute. */
const ALLOWANCES = {
  createsPerIp: 'rateLimitCreatePerMinute',
  pollsPerLogin: 'rateLimitPollsPerMinute',
  socketConnectsPerIp: 'rateLimitSocketConnectsPerMinute',
  mobileCallsPerUser: 'rateLimitMobilePerMinute',
  introspectionsPerIp: 'rateLimitIntrospectPerMinute',
} as const;
type LimitName = keyof typeof ALLOWANCES;

export type RateLimitSettings = Record<(typeof ALLOWANCES)[LimitName], number>;

/** Each limit is undefined when set to 0 (off), e.g. for benchmarks. */
export type RateLimits = { [name in LimitName]?: Limit };

/**
 * Per-minute limits against floods (threat model T14). With Redis the counts live there, so all instances
 * share one allowance per key; without it they are per process, like everything of the embedded store.
 */
export function createRateLimits(settings: RateLimitSettings, keyPrefix: string, redis?: Redis | Cluster): RateLimits {
  const limits: RateLimits = {};
  for (const [name, setting] of Object.entries(ALLOWANCES) as Array<[LimitName, keyof RateLimitSettings]>) {
    const points = settings[setting];
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
