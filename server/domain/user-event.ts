/**
 * What a user can read back about their own QR logins (the audit a phone shows). Times are epoch ms.
 * `scanned`/`confirmed`/`denied`: the user's phone moved a login; `wrong_check_code`: the user picked a number
 * other than the browser's, which denied the login (a relayed QR?); `signed_in`: a browser took the session
 * token; `session_ended`: a session was revoked or pushed out by a newer one.
 */
export const USER_EVENT_TYPES = [
  'scanned',
  'confirmed',
  'denied',
  'wrong_check_code',
  'signed_in',
  'session_ended',
] as const;
export type UserEventType = (typeof USER_EVENT_TYPES)[number];

export interface UserEvent {
  type: UserEventType;
  at: number;
  loginId?: string;
  sessionId?: string;
  /** The address of whoever made the move: the phone for scan/confirm/deny, the browser for sign-in. */
  ip?: string;
  reason?: string;
}
