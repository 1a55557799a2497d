import type { Action, Actor, Login, Outcome, TransitionPolicy } from '../domain';

/** What a browser's status needs of a login that moved (a move never leads back to pending). */
export type MovedLogin = Pick<Login, 'id' | 'state' | 'version' | 'expiresAt' | 'user' | 'checkCode' | 'denialReason'>;

/**
 * That a login changed, and its new version. Anyone who can publish on Redis can send one (T15): alone it is a
 * hint, and listeners read the state from the store before they act on it. `login` is set only when the store
 * vouches for it (a change message authenticated with the instances' shared key, or the move's own reply), and
 * then it is the login as the move left it.
 */
export interface LoginChange {
  id: string;
  version: number;
  login?: MovedLogin;
}

/**
 * Where logins live. Every `apply` is atomic: two racing moves never both win. A change is announced to every
 * service instance that shares the store (`onChange`), at most once; `onResync` says announcements may have been
 * missed (the subscription dropped), so listeners re-read what they wait on.
 */
export interface LoginStore {
  readonly kind: 'redis' | 'memory';
  /** Stores a new login; it disappears by itself at `login.expiresAt`. */
  create(login: Login): Promise<void>;
  get(id: string): Promise<Login | undefined>;
  /** Binds a user code to login `id` until `expiresAt`; false when another login holds the code. */
  reserveUserCode(code: string, id: string, expiresAt: number): Promise<boolean>;
  /** The login a user code is bound to, while the binding lasts. */
  findUserCode(code: string): Promise<string | undefined>;
  getMany(ids: readonly string[]): Promise<Array<Login | undefined>>;
  apply(id: string, action: Action, actor: Actor, now: number, policy: TransitionPolicy): Promise<Outcome>;
  /**
   * `wants`: whether the listener waits on a login; the store may then leave out changes of the others (a Redis
   * store does not verify their messages). A change it does pass on may still be of a login no one waits for.
   */
  onChange(listener: (change: LoginChange) => void, wants?: (id: string) => boolean): void;
  onResync(listener: () => void): void;
  /** Resolves while the store answers; rejects with a StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  /** Like `ping`, and also rejects while changes cannot be received (the subscription is down). */
  ready(): Promise<void>;
  close(): Promise<void>;
}
