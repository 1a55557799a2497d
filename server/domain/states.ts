/** The states of a QR login (contract: "States"). `expired` is never stored: a login whose TTL ran out is gone. */
export const LOGIN_STATES = ['pending', 'scanned', 'confirmed', 'consumed', 'denied', 'cancelled', 'expired'] as const;
export type LoginState = (typeof LOGIN_STATES)[number];

const FINAL_STATES: ReadonlySet<LoginState> = new Set(['consumed', 'denied', 'cancelled', 'expired']);

/** A final state ends the login: nothing moves it again, so waiting browsers can let go. */
export function isFinal(state: LoginState): boolean {
  return FINAL_STATES.has(state);
}

/**
 * Why a login is `denied` (contract: `reason`): its user declined on the phone, or picked a number other than the
 * browser's (number matching), which stops the login in case the QR was relayed.
 */
export const DENIAL_REASONS = ['declined', 'wrong_check_code'] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];
