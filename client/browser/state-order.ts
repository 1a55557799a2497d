import type { LoginState, LoginStatus } from '../shared/wire-types';

/** How far along the one-way state machine a state is; the end states share the last stage. */
const STAGE: Record<LoginState, number> = {
  pending: 0,
  scanned: 1,
  confirmed: 2,
  consumed: 3,
  denied: 3,
  cancelled: 3,
  expired: 3,
};

export const END_STATES: ReadonlySet<LoginState> = new Set(['consumed', 'denied', 'cancelled', 'expired']);

/**
 * Whether `next` moves the login forward from `current`. Pushes and polls can arrive late or twice:
 * versions order them when both carry one (socket events do); otherwise the state machine only
 * moves forward, so the stage decides. Equal news is not news.
 */
export function isNewerStatus(current: LoginStatus | undefined, next: LoginStatus): boolean {
  if (!current) return true;
  if (current.id !== next.id) return false;
  if (current.version !== undefined && next.version !== undefined) return next.version > current.version;
  return STAGE[next.state] > STAGE[current.state];
}
