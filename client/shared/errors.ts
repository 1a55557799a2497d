import type { RateLimitStanding } from './rate-limit';
import type { ErrorCode } from './wire-types';

/** What went wrong, as a site can act on it: the contract's error codes, plus the two that never reached it. */
export type QrLoginErrorCode = ErrorCode | 'network' | 'timeout';

/**
 * Every failed call to the service rejects with one of these: branch on `code`, and wait `retryAfterSeconds`
 * before trying again when the service said so.
 */
export abstract class QrLoginError extends Error {
  abstract readonly code: QrLoginErrorCode;
  /** Seconds from `Retry-After`, when the service sent one (429, 503). */
  readonly retryAfterSeconds?: number;
}

/** The service answered with an error status; `code` is the contract's error code. */
export class QrLoginApiError extends QrLoginError {
  override readonly name = 'QrLoginApiError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    override readonly retryAfterSeconds?: number,
    /** With `slow_down`: the polling interval to keep from now on. */
    readonly pollIntervalMs?: number,
    /**
     * Where the call stood against each rate limit it counted against (the RateLimit header fields): with
     * `rate_limited`, the one with nothing `remaining` is the one hit. Empty when the service sent none.
     */
    readonly rateLimits: RateLimitStanding[] = [],
  ) {
    super(message);
  }
}

/**
 * The request never got an answer the page may read: offline, DNS, connection refused (`network`), or no answer
 * in time (`timeout`). `reason` is `cors` when the service is up but does not allow this page's origin (its
 * CORS_ORIGINS), else `network`.
 */
export class QrLoginNetworkError extends QrLoginError {
  override readonly name = 'QrLoginNetworkError';
  readonly reason: 'cors' | 'network';

  constructor(
    readonly code: 'network' | 'timeout',
    message: string,
    options?: { cause?: unknown; reason?: 'cors' | 'network' },
  ) {
    super(message, options);
    this.reason = options?.reason ?? 'network';
  }
}
