import type { ErrorCode } from './wire-types';

/** The service answered with an error status; `code` is the contract's error code. */
export class QrLoginApiError extends Error {
  override readonly name = 'QrLoginApiError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    /** Seconds from `Retry-After`, when the service sent one (429). */
    readonly retryAfterSeconds?: number,
    /** With `slow_down`: the polling interval to keep from now on. */
    readonly pollIntervalMs?: number,
  ) {
    super(message);
  }
}

/**
 * The request never got an answer the page may read: `reason` is `cors` when the service is up but does not allow
 * this page's origin (its CORS_ORIGINS), else `network` (offline, DNS, connection refused, aborted).
 */
export class QrLoginNetworkError extends Error {
  override readonly name = 'QrLoginNetworkError';
  readonly reason: 'cors' | 'network';

  constructor(message: string, options?: { cause?: unknown; reason?: 'cors' | 'network' }) {
    super(message, options);
    this.reason = options?.reason ?? 'network';
  }
}
