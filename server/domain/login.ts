import type { DenialReason, LoginState } from './states';

/** Who asked for the login: shown to the phone so the user can tell a relayed QR from their own. */
export interface Requester {
  ip: string;
  userAgent: string;
  /** The page that asked (its Origin, one of the allowed origins); absent for a caller that sent none. */
  origin?: string;
}

/** The phone user, taken only from the verified mobile token (never from a request body). */
export interface LoginUser {
  id: string;
  name?: string;
  picture?: string;
}

/** A QR login as stored. Times are epoch milliseconds. */
export interface Login {
  id: string;
  state: LoginState;
  /** Grows by one with every change, so clients can drop stale or repeated pushes. */
  version: number;
  /** SHA-256 of the browser secret; the secret itself is never stored. */
  secretHash: string;
  createdAt: number;
  expiresAt: number;
  requester: Requester;
  user?: LoginUser;
  scannedAt?: number;
  /**
   * When the last move happened. A consumed login's is the moment its token was issued: the token is made
   * from the login alone (`jti` = id, `iat` = this), so a retried exchange re-issues the very same token.
   */
  changedAt?: number;
  /** Two digits bound at the scan (CHECK_CODE display or match): the browser shows them, the phone must agree. */
  checkCode?: string;
  /** Why it is denied; absent on a login denied by an older version of the service, which did not keep it. */
  denialReason?: DenialReason;
}

/** What the browser may see of its login (contract: `GET /api/qr/:id`, and the `state` push with `version`). */
export interface LoginStatus {
  id: string;
  state: LoginState;
  version: number;
  expiresAt: number;
  user?: { name?: string; picture?: string };
  /** While scanned: the number the phone's user must see and pick; only the secret's holder ever reads it. */
  checkCode?: string;
  /** While denied: why (`declined` on the phone, or a `wrong_check_code` picked), when the service knows. */
  reason?: DenialReason;
  /** While pending: the text the QR shows now (it changes when it rotates). */
  content?: string;
  /** While pending with QR_ROTATE_SECONDS: the rotation step of `content`, and when the next one takes over. */
  rotation?: number;
  rotatesAt?: number;
  /** While pending, when asked for (`?image=`): `content` as a QR image data URL. */
  image?: string;
}

export function toStatus(
  login: Pick<Login, 'id' | 'state' | 'version' | 'expiresAt' | 'user' | 'checkCode' | 'denialReason'>,
): LoginStatus {
  const status: LoginStatus = {
    id: login.id,
    state: login.state,
    version: login.version,
    expiresAt: login.expiresAt,
  };
  if (login.user) status.user = { name: login.user.name, picture: login.user.picture };
  if (login.state === 'scanned' && login.checkCode !== undefined) status.checkCode = login.checkCode;
  if (login.state === 'denied' && login.denialReason !== undefined) status.reason = login.denialReason;
  return status;
}

/** The push a browser gets when its login's lifetime ends while it waits. It follows the last stored version. */
export function toExpiredStatus(last: LoginStatus): LoginStatus {
  return { id: last.id, state: 'expired', version: last.version + 1, expiresAt: last.expiresAt };
}
