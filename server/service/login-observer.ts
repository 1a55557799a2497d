import type { Action, Login, Refusal } from '../domain';

/** What the service reports as it works; the composition root turns it into metrics and audit log lines. */
export interface LoginObserver {
  created(login: Login): void;
  /** `callerIp`: the address of the browser or phone that made the move. */
  transitioned(login: Login, action: Action, callerIp: string): void;
  /** A move was refused; a second user scanning a claimed QR is a sign of a relayed QR (T1). */
  refused(id: string, action: Action, refusal: Refusal, callerIp: string): void;
  /** The phone's user picked a check code other than the browser's: the login was denied (a relayed QR?). */
  wrongCheckCode(login: Login, callerIp: string): void;
}
