/**
 * The store did not answer (Redis down or too slow). Transports answer `unavailable` (503) and callers may
 * retry; nothing was half-done. Its own error, not the service's: the port speaks only of the store.
 */
export class StoreUnavailableError extends Error {
  constructor(readonly reason: unknown) {
    super('The login store is unavailable; try again shortly.');
    this.name = 'StoreUnavailableError';
  }
}
