import { type Action, type LoginState, type Refusal, TRANSITIONS } from '../domain';

/**
 * The ways a use case can refuse, one code each. Transports give each code its HTTP status or socket code
 * (contract: error table); the codes only about a request's form (bad_request, payload_too_large) are theirs.
 */
export type LoginErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'qr_replaced'
  | 'check_code_required'
  | 'check_code_mismatch'
  | 'unauthorized'
  | 'rate_limited'
  | 'unavailable';

/** A refusal as a value: a code, a message safe to show a client, and details where useful. */
export class LoginError extends Error {
  constructor(
    readonly code: LoginErrorCode,
    message: string,
    readonly details: { state?: LoginState; retryAfterSeconds?: number } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'LoginError';
  }
}

export const notFound = () => new LoginError('not_found', 'No such QR login, or it expired.');

export const wrongSecret = () => new LoginError('forbidden', 'Missing or wrong browser secret.');

const VERBS: Record<Action, string> = {
  scan: 'scan',
  confirm: 'confirm',
  deny: 'deny',
  cancel: 'cancel',
  consume: 'exchange the token of',
};

const wrongState = (state: LoginState, action: Action) =>
  new LoginError('conflict', `Cannot ${VERBS[action]} a QR login that is ${state}.`, { state });

/** Words a store's refusal once, whichever store gave it. */
export function refusalError(action: Action, refusal: Refusal): LoginError {
  switch (refusal.reason) {
    case 'not_found':
      return notFound();
    case 'forbidden':
      return TRANSITIONS[action].actor === 'browser'
        ? wrongSecret()
        : new LoginError('forbidden', 'This QR login was scanned by another user.');
    case 'conflict':
      return wrongState(refusal.state, action);
    case 'qr_replaced':
      return new LoginError(
        'qr_replaced',
        'This QR code was replaced by a newer one: scan the code on the screen now.',
      );
    case 'check_code_required':
      return new LoginError('check_code_required', 'Pick the number the other screen shows (checkCode) to confirm.');
  }
}
