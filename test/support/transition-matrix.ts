import type { Action, LoginState } from '../../server/domain';

/** What happens when an action is tried in a state, written out by hand from shared/contract.md (the spec). */
export type Expected = 'changed' | 'repeated' | 'conflict' | 'forbidden';

export const STORED_STATES = [
  'pending',
  'scanned',
  'confirmed',
  'consumed',
  'denied',
  'cancelled',
] as const satisfies readonly LoginState[];
type StoredState = (typeof STORED_STATES)[number];

/** By the rightful actor: the browser with its secret, or the phone user who scanned (anyone, while pending). */
export const BY_RIGHTFUL_ACTOR: Record<Action, Record<StoredState, Expected>> = {
  scan: {
    pending: 'changed',
    scanned: 'repeated',
    confirmed: 'conflict',
    consumed: 'conflict',
    denied: 'conflict',
    cancelled: 'conflict',
  },
  confirm: {
    pending: 'conflict',
    scanned: 'changed',
    confirmed: 'repeated',
    consumed: 'conflict',
    denied: 'conflict',
    cancelled: 'conflict',
  },
  deny: {
    pending: 'conflict',
    scanned: 'changed',
    confirmed: 'conflict',
    consumed: 'conflict',
    denied: 'repeated',
    cancelled: 'conflict',
  },
  cancel: {
    pending: 'changed',
    scanned: 'changed',
    confirmed: 'changed',
    consumed: 'conflict',
    denied: 'conflict',
    cancelled: 'repeated',
  },
  consume: {
    pending: 'conflict',
    scanned: 'conflict',
    confirmed: 'changed',
    consumed: 'repeated',
    denied: 'conflict',
    cancelled: 'conflict',
  },
};

/** By the wrong actor: a browser with another secret, or a phone user other than the one who scanned. */
export const BY_WRONG_ACTOR: Record<Action, Record<StoredState, Expected>> = {
  scan: {
    pending: 'changed',
    scanned: 'forbidden',
    confirmed: 'forbidden',
    consumed: 'forbidden',
    denied: 'forbidden',
    cancelled: 'forbidden',
  },
  confirm: {
    pending: 'conflict',
    scanned: 'forbidden',
    confirmed: 'forbidden',
    consumed: 'forbidden',
    denied: 'forbidden',
    cancelled: 'forbidden',
  },
  deny: {
    pending: 'conflict',
    scanned: 'forbidden',
    confirmed: 'forbidden',
    consumed: 'forbidden',
    denied: 'forbidden',
    cancelled: 'forbidden',
  },
  cancel: {
    pending: 'forbidden',
    scanned: 'forbidden',
    confirmed: 'forbidden',
    consumed: 'forbidden',
    denied: 'forbidden',
    cancelled: 'forbidden',
  },
  consume: {
    pending: 'forbidden',
    scanned: 'forbidden',
    confirmed: 'forbidden',
    consumed: 'forbidden',
    denied: 'forbidden',
    cancelled: 'forbidden',
  },
};

/** The state a successful action moves to. */
export const TARGET: Record<Action, LoginState> = {
  scan: 'scanned',
  confirm: 'confirmed',
  deny: 'denied',
  cancel: 'cancelled',
  consume: 'consumed',
};

export const ACTIONS: readonly Action[] = ['scan', 'confirm', 'deny', 'cancel', 'consume'];
export const PHONE_ACTIONS: ReadonlySet<Action> = new Set(['scan', 'confirm', 'deny']);
