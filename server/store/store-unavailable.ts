import { LoginError } from '../domain';

/** The store did not answer (Redis down or too slow). Callers get 503 and may retry; nothing was half-done. */
export class StoreUnavailableError extends LoginError {
  constructor(readonly reason: unknown) {
    super('unavailable', 'The login store is unavailable; try again shortly.');
    this.name = 'StoreUnavailableError';
  }
}
