/**
 * The service's wire format as the SDKs see it, generated from the server's schemas (server/wire) into
 * wire-types.generated.ts: plain types, so the packages' `.d.ts` need neither zod nor anything of the server.
 */
import type {
  DecisionBody,
  QrConnectErrorData,
  ScanBody,
  CreatedLogin as ServerCreatedLogin,
  DenialReason as ServerDenialReason,
  ErrorBody as ServerErrorBody,
  ErrorCode as ServerErrorCode,
  LoginState as ServerLoginState,
  SessionListBody,
  SessionsEndedBody,
  StatusBody,
  TokenBody,
  UserEventBody,
  UserEventsBody,
} from './wire-types.generated';

export type LoginState = ServerLoginState;
export type ErrorCode = ServerErrorCode;
export type ErrorBody = ServerErrorBody;

/** `201` answer of `POST /api/qr`. */
export type CreatedLogin = ServerCreatedLogin;

/** `GET /api/qr/:id` and the socket's `state` push. `version` is absent only on statuses the SDK infers itself. */
export type LoginStatus = Omit<StatusBody, 'version'> & { version?: number };
export type LoginStateEvent = StatusBody;

/** Why a login is denied (`reason` of a denied status): `declined` on the phone, or a `wrong_check_code` picked. */
export type DenialReason = ServerDenialReason;

/** Who scanned, as the browser is allowed to see it. */
export type ScannerProfile = NonNullable<StatusBody['user']>;

/** `200` answer of `POST /api/qr/:id/token`. */
export type SessionGrant = TokenBody;

/** `200` answer of `POST /api/qr/:id/scan`. */
export type ScanResult = ScanBody;
/** What the phone is shown before it confirms. */
export type Requester = ScanBody['requester'];
/** The check code part of a scan answer: a number to compare (`display`) or three to pick from (`match`). */
export type CheckCodePrompt = NonNullable<ScanBody['checkCode']>;

/** `200` answers of `POST /api/qr/:id/confirm` and `/deny`. */
export type DecisionResult<S extends DecisionBody['state']> = DecisionBody & { state: S };

/** `connect_error` data sent by the `/qr` namespace when it refuses a socket. */
export type SocketRefusal = QrConnectErrorData;
/** A live browser session a QR login started (`GET /api/sessions`), as its user sees it. */
export type UserSession = SessionListBody['sessions'][number];
export type UserSessionList = SessionListBody;
/** `200` answer of `DELETE /api/sessions`. */
export type SessionsEnded = SessionsEndedBody;
/** One of the user's own QR-login events (`GET /api/audit`). */
export type UserActivity = UserEventBody;
export type UserActivityList = UserEventsBody;

/** The events the `/qr` namespace sends: `state`, with the status. */
export interface QrServerEvents {
  state: (status: StatusBody) => void;
}
