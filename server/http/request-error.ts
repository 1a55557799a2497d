/**
 * A refusal the HTTP layer makes itself, before or instead of a use case: bad input, a body too large, no such
 * path, polling too fast (with the interval to keep and when to come back).
 */
export class RequestError extends Error {
  constructor(
    readonly code: 'bad_request' | 'payload_too_large' | 'not_found' | 'slow_down',
    message: string,
    readonly details: { retryAfterSeconds?: number; pollIntervalMs?: number } = {},
  ) {
    super(message);
    this.name = 'RequestError';
  }
}
