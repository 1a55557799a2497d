import type { Cluster, Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LoginError } from '../service/errors';
import { KnownBlocks } from './known-blocks';

/**
 * Where a key stands against one limit after a request, as the RateLimit header fields tell it: the policy's name,
 * its quota per window, and what is left of it until the window resets.
 */
export interface LimitStanding {
  policy: string;
  quota: number;
  windowSeconds: number;
  remaining: number;
  resetSeconds: number;
}

/** A request refused by a limit: `rate_limited`, with where the key stands (nothing left) and when to retry. */
export class RateLimitedError extends LoginError {
  constructor(readonly standing: LimitStanding) {
    super('rate_limited', 'Too many requests; try again later.', { retryAfterSeconds: standing.resetSeconds });
  }
}

/** Spends one request of `key`'s allowance and tells where it stands; throws a RateLimitedError past it. */
export type Limit = (key: string) => Promise<LimitStanding>;

/**
 * An allowance of failures: what is refused is a key that failed too often, checked before the work that could
 * fail (a token check that may ask the identity provider), and spent only when it did fail. The check is local
 * (server/limits/known-blocks.ts): a call that does not fail costs no Redis round trip.
 */
export interface FailureLimit {
  /** Throws LoginError('rate_limited') while `key` has no failures left; spends nothing. */
  check(key: string): Promise<void>;
  /** Counts one failure of `key`; true when this one spent the last of the allowance (the limit trips). */
  fail(key: string): Promise<boolean>;
}

/**
 * Each limit, named by what it counts per, the setting (server/config.ts) that gives its allowance per minute,
 * and how many times that allowance it has. Engine.IO handshakes get twice the `/qr` joins: a client joins what
 * it opens, so it meets the join limit (refused with a `rate_limited` code) first, and only sessions opened
 * and never joined run into the handshake limit (refused with a bare 403 by the engine).
 */
const ALLOWANCES = {
  createsPerIp: ['rateLimitCreatePerMinute', 1],
  pollsPerLogin: ['rateLimitPollsPerMinute', 1],
  socketConnectsPerIp: ['rateLimitSocketConnectsPerMinute', 1],
  socketHandshakesPerIp: ['rateLimitSocketConnectsPerMinute', 2],
  mobileCallsPerUser: ['rateLimitMobilePerMinute', 1],
  // Typed user codes: each phone user, and each code whoever types it, has its own small allowance of tries.
  userCodeTriesPerUser: ['rateLimitUserCodePerMinute', 1],
  userCodeTriesPerCode: ['rateLimitUserCodePerMinute', 1],
  // Spent once the client has authenticated, so wrong credentials from its address cannot spend it.
  introspectionsPerClient: ['rateLimitIntrospectPerMinute', 1],
} as const;
type LimitName = keyof typeof ALLOWANCES;

/** Every allowance is per minute. */
const WINDOW_SECONDS = 60;

/** A limit's name as clients read it in the RateLimit header fields: `createsPerIp` is "creates-per-ip". */
const policyName = (name: LimitName) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** Failures allowed per minute, by what they are counted per (threat model T21, T22). */
const FAILURE_ALLOWANCES = {
  badTokensPerIp: 'rateLimitBadTokensPerMinute',
  userCodeFailuresPerIp: 'rateLimitUserCodeFailuresPerMinute',
  userCodeFailuresOverall: 'rateLimitUserCodeFailuresOverallPerMinute',
  introspectionFailuresPerIp: 'rateLimitIntrospectFailuresPerMinute',
} as const;
type FailureLimitName = keyof typeof FAILURE_ALLOWANCES;

export type RateLimitSettings = Record<
  (typeof ALLOWANCES)[LimitName][0] | (typeof FAILURE_ALLOWANCES)[FailureLimitName],
  number
>;

/** Each limit is undefined when set to 0 (off), e.g. for benchmarks. */
export type RateLimits = { [name in LimitName]?: Limit } & { [name in FailureLimitName]?: FailureLimit };

const rateLimited = (msBeforeNext: number) =>
  new LoginError('rate_limited', 'Too many requests; try again later.', {
    retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
  });

/** Redis did not count the request: refuse it (failing open would lift the limit), and say why. */
const uncounted = (cause: unknown) =>
  new LoginError('unavailable', 'Requests cannot be counted right now; try again shortly.', {}, { cause });

function spending(name: LimitName, limiter: RateLimiterAbstract, quota: number): Limit {
  const standing = (spent: RateLimiterRes): LimitStanding => ({
    policy: policyName(name),
    quota,
    windowSeconds: WINDOW_SECONDS,
    remaining: Math.max(0, spent.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(spent.msBeforeNext / 1000)),
  });
  return async (key) => {
    try {
      return standing(await limiter.consume(key));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw uncounted(rejection);
      throw new RateLimitedError(standing(rejection));
    }
  };
}

function failures(limiter: RateLimiterAbstract, points: number): FailureLimit {
  const blocked = new KnownBlocks();
  return {
    async check(key) {
      const leftMs = blocked.remainingMs(key);
      if (leftMs > 0) throw rateLimited(leftMs);
    },
    async fail(key) {
      let counted: RateLimiterRes;
      try {
        counted = await limiter.consume(key);
      } catch (rejection) {
        // Already spent: refused from now on. Not counted (Redis away): the request is refused anyway.
        if (rejection instanceof RateLimiterRes) blocked.block(key, rejection.msBeforeNext);
        return false;
      }
      if (counted.consumedPoints < points) return false;
      blocked.block(key, counted.msBeforeNext);
      return counted.consumedPoints === points;
    },
  };
}

/**
 * Per-minute limits against floods and guessing (threat model T14, T21, T22). With Redis the counts live there,
 * so all instances share one allowance per key; without it they are per process, like everything of the
 * embedded store.
 */
export function createRateLimits(
  settings: RateLimitSettings,
  keyOf: (limit: LimitName | FailureLimitName) => string,
  redis?: Redis | Cluster,
): RateLimits {
  const limiter = (name: LimitName | FailureLimitName, points: number) => {
    const options = { keyPrefix: keyOf(name), points, duration: WINDOW_SECONDS };
    return redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options);
  };
  const limits: RateLimits = {};
  for (const [name, [setting, times]] of Object.entries(ALLOWANCES) as Array<
    [LimitName, (typeof ALLOWANCES)[LimitName]]
  >) {
    const points = settings[setting] * times;
    if (points > 0) limits[name] = spending(name, limiter(name, points), points);
  }
  for (const [name, setting] of Object.entries(FAILURE_ALLOWANCES) as Array<[FailureLimitName, string]>) {
    const points = settings[setting as keyof RateLimitSettings];
    if (points > 0) limits[name] = failures(limiter(name, points), points);
  }
  return limits;
}
