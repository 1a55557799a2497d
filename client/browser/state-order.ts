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
 * moves forward, so the stage decides. Equal news is not news, except a later QR rotation at the same version.
 */
export function isNewerStatus(current: LoginStatus | undefined, next: LoginStatus): boolean {
  if (!current) return true;
  if (current.id !== next.id) return false;
  if (current.version !== undefined && next.version !== undefined) {
    // A rotating QR's new content comes at the same version with a later rotation step.
    if (next.version === current.version) return (next.rotation ?? 0) > (current.rotation ?? 0);
    return next.version > current.version;
  }
  if (STAGE[next.state] === STAGE[current.state] && next.state === current.state) {
    return (next.rotation ?? 0) > (current.rotation ?? 0);
  }
  return STAGE[next.state] > STAGE[current.state];
}
