import type { LoginState } from './states';

/** Every refusal the service can give, one code each (contract: error table). Transports map codes to statuses. */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'qr_replaced',
  'check_code_required',
  'check_code_mismatch',
  'payload_too_large',
  'rate_limited',
  'slow_down',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A refusal as a value: a code from the table, a message safe to show a client, and details where useful. */
export class LoginError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { state?: LoginState; retryAfterSeconds?: number; pollIntervalMs?: number } = {},
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

export const notFound = () => new LoginError('not_found', 'No such QR login, or it expired.');

export const wrongSecret = () => new LoginError('forbidden', 'Missing or wrong browser secret.');

export const wrongState = (state: LoginState, action: string) =>
  new LoginError('conflict', `Cannot ${action} a QR login that is ${state}.`, { state });
