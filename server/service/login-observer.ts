import type { Action, Login } from '../domain';

/** What the service reports as it works; the composition root turns it into metrics and audit log lines. */
export interface LoginObserver {
  created(login: Login): void;
  /** `callerIp`: the address of the browser or phone that made the move. */
  transitioned(login: Login, action: Action, callerIp: string): void;
}
