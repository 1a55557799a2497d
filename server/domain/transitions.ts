import { timingSafeEqual } from 'node:crypto';
import type { Login, LoginUser } from './login';
import type { DenialReason, LoginState } from './states';

export type Action = 'scan' | 'confirm' | 'deny' | 'cancel' | 'consume';

/**
 * The browser proves itself with its secret (as a hash); the phone with the user of its verified token.
 * A phone's `checkCode` is, on a scan, the code the service made for the login to bind, and on a confirm the
 * number the user picked (number matching, threat model T1).
 */
export type Actor = { kind: 'browser'; secretHash: string } | { kind: 'phone'; user: LoginUser; checkCode?: string };

/**
 * One move of the state machine, as data: the in-memory store runs it through `decide`, and the Redis store
 * passes it to one Lua script that applies the same checks atomically inside Redis.
 */
export interface TransitionRule {
  actor: Actor['kind'];
  from: readonly LoginState[];
  to: LoginState;
  /** The same actor repeating the move once it is done gets the same answer (safe retries on flaky networks). */
  repeatableIn?: LoginState;
  /**
   * This move binds the phone's user to the login; only the first scanner can (threat model T7, T9). It also
   * starts the confirm window: the login then ends at `now + confirmWindowSeconds`, or sooner if the QR does.
   */
  claimsUser?: boolean;
  /**
   * The login then lives at least `exchangeGraceSeconds` longer: a confirm at the last moment still leaves the
   * browser time to take its token, and a browser whose exchange answer was lost has time to ask again.
   */
  holdsForExchange?: boolean;
  /**
   * This move needs the check code the phone's user picked when the login has one: a wrong pick moves the login
   * to `wrongPickTo` instead (a relayed QR's victim picking blindly ends it), a missing one is refused while the
   * policy requires a pick.
   */
  checksCode?: { wrongPickTo: LoginState; wrongPickReason: DenialReason };
  /** This move denies the login, for this reason (kept on the login, so the browser can say which). */
  denies?: DenialReason;
}

/** Settings of the running service that moves depend on. */
export interface TransitionPolicy {
  /** How long the user has between scanning and confirming or denying (T1: a relayed QR must not wait long). */
  confirmWindowSeconds: number;
  /** How long a login stays after a confirm or an exchange (see `holdsForExchange`). */
  exchangeGraceSeconds: number;
  /** CHECK_CODE=match: a move that checks the code is refused without a pick. */
  requireCheckCode?: boolean;
}

export const TRANSITIONS: Readonly<Record<Action, TransitionRule>> = {
  scan: { actor: 'phone', from: ['pending'], to: 'scanned', repeatableIn: 'scanned', claimsUser: true },
  confirm: {
    actor: 'phone',
    from: ['scanned'],
    to: 'confirmed',
    repeatableIn: 'confirmed',
    holdsForExchange: true,
    checksCode: { wrongPickTo: 'denied', wrongPickReason: 'wrong_check_code' },
  },
  deny: { actor: 'phone', from: ['scanned'], to: 'denied', repeatableIn: 'denied', denies: 'declined' },
  cancel: { actor: 'browser', from: ['pending', 'scanned', 'confirmed'], to: 'cancelled', repeatableIn: 'cancelled' },
  // A repeat answers the same: the browser whose answer was lost (a timeout, a dropped connection) asks again.
  consume: { actor: 'browser', from: ['confirmed'], to: 'consumed', repeatableIn: 'consumed', holdsForExchange: true },
};

/** Why a move was refused; the same reasons come out of every store (the service words them once). */
export type Refusal =
  | { reason: 'not_found' }
  | { reason: 'forbidden' }
  | { reason: 'conflict'; state: LoginState }
  | { reason: 'check_code_required' }
  /** Found by the service before the move: the scanned QR content was replaced by a newer one (rotation). */
  | { reason: 'qr_replaced' };

/** `wrong_pick`: the user picked another number than the browser shows; the login moved to `wrongPickTo`. */
export type Outcome =
  | { kind: 'changed'; login: Login }
  | { kind: 'wrong_pick'; login: Login }
  | { kind: 'repeated'; login: Login }
  | { kind: 'refused'; refusal: Refusal };

/** Constant-time comparison of two hex digests (a mismatch in length is not secret). */
export function sameSecretHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** True while the login may still be acted on; a store may keep a key for a moment past its lifetime. */
export function isLive(login: Login | undefined, now: number): login is Login {
  return login !== undefined && login.expiresAt > now;
}

/** The pure state machine: what `action` by `actor` does to `login` at time `now`. Checks run in a fixed order. */
export function decide(
  login: Login | undefined,
  action: Action,
  actor: Actor,
  now: number,
  policy: TransitionPolicy,
): Outcome {
  const rule = TRANSITIONS[action];
  if (rule.actor !== actor.kind) throw new Error(`${action} is a ${rule.actor} action, not a ${actor.kind} one`);
  if (!isLive(login, now)) return { kind: 'refused', refusal: { reason: 'not_found' } };

  const authorised =
    actor.kind === 'browser'
      ? sameSecretHash(login.secretHash, actor.secretHash)
      : login.user === undefined || login.user.id === actor.user.id;
  if (!authorised) return { kind: 'refused', refusal: { reason: 'forbidden' } };

  if (login.state === rule.repeatableIn) return { kind: 'repeated', login };
  if (!rule.from.includes(login.state)) return { kind: 'refused', refusal: { reason: 'conflict', state: login.state } };

  const pick = actor.kind === 'phone' ? actor.checkCode : undefined;
  let wrongPick = false;
  if (rule.checksCode && login.checkCode !== undefined) {
    if (pick === undefined && policy.requireCheckCode) {
      return { kind: 'refused', refusal: { reason: 'check_code_required' } };
    }
    wrongPick = pick !== undefined && pick !== login.checkCode;
  }

  const to = wrongPick && rule.checksCode ? rule.checksCode.wrongPickTo : rule.to;
  const next: Login = { ...login, state: to, version: login.version + 1, changedAt: now };
  const denialReason = wrongPick ? rule.checksCode?.wrongPickReason : rule.denies;
  if (denialReason) next.denialReason = denialReason;
  if (rule.claimsUser && actor.kind === 'phone') {
    next.user = actor.user;
    next.scannedAt = now;
    next.expiresAt = Math.min(login.expiresAt, now + policy.confirmWindowSeconds * 1000);
    if (pick !== undefined) next.checkCode = pick;
  }
  if (rule.holdsForExchange && !wrongPick) {
    next.expiresAt = Math.max(next.expiresAt, now + policy.exchangeGraceSeconds * 1000);
  }
  return { kind: wrongPick ? 'wrong_pick' : 'changed', login: next };
}
