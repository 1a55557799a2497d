import type { Action, Login } from '../domain';

/** What the service reports as it works; the composition root turns it into metrics and audit log lines. */
export interface LoginObserver {
  created(login: Login): void;
  transitioned(login: Login, action: Action): void;
}
