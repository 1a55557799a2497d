// Generated from the schemas in server/wire by `npm run wire-types`: do not edit.

export type CreatedLogin = {
  id: LoginId;
  /** Kept by the browser; never in the QR. */
  secret: string;
  /** The text in the QR code: `<PUBLIC_URL>/scan/<id>`, then `/<rotation mark>` while QR_ROTATE_SECONDS is set. */
  content: string;
  /** To type into the app instead of scanning (RFC 8628), `XXXX-XXXX`. */
  userCode: string;
  /** With QR_ROTATE_SECONDS: when `content` is replaced. */
  rotatesAt?: string;
  /** A data URL of the QR code (SVG by default), absent with `?image=none`. */
  image?: string;
  expiresAt: string;
  pollIntervalMs: number;
};

/** A UUID v4 made by the server. */
export type LoginId = string;

export type StatusBody = {
  id: LoginId;
  state: LoginState;
  version: number;
  expiresAt: string;
  /** Who scanned, once someone has. */
  user?: {
    name?: string;
    picture?: string;
  };
  /** While scanned: the number the phone's user must see and pick; only the secret's holder reads it. */
  checkCode?: CheckCode;
  /** While denied: why. Absent when the service does not know (a login an older version denied). */
  reason?: DenialReason;
  /** While pending: the text the QR shows now. */
  content?: string;
  /** While pending with QR_ROTATE_SECONDS: the step. */
  rotation?: number;
  rotatesAt?: string;
  /** While pending, when asked for (`?image=`): a QR data URL. */
  image?: string;
};

export type LoginState = 'pending' | 'scanned' | 'confirmed' | 'consumed' | 'denied' | 'cancelled' | 'expired';

/** Two digits, 10 to 99. */
export type CheckCode = string;

/** Why a login is denied: `declined` on the phone, or `wrong_check_code` (another number than the one shown was picked). */
export type DenialReason = 'declined' | 'wrong_check_code';

export type TokenBody = {
  /** The session JWT. */
  token: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: {
    id: string;
    name?: string;
    picture?: string;
  };
};

export type ScanBody = {
  id: LoginId;
  state: 'scanned';
  /** After a scan the login ends sooner: the confirm window. */
  expiresAt: string;
  /** The site asking. */
  site: {
    /** The page that created the login, an allowed origin checked at create. */
    origin: string;
    /** SITE_NAME, when configured. */
    name?: string;
  };
  requester: {
    /** Observed by the service (behind TRUSTED_PROXIES, the forwarded address). */
    ip: string;
    /** Claimed by the requester, who writes it freely: show it as a claim. */
    userAgent: string;
    createdAt: string;
    /** Seconds since the QR was made. */
    ageSeconds: number;
    /** The user agent in words, e.g. "Chrome 156". */
    browser?: string;
    os?: string;
    /** With GEOIP_DATABASE: the country and maybe city of `ip`; absent when unknown. */
    location?: {
      countryCode: string;
      country: string;
      city?: string;
    };
  };
  /** Whether the phone and the browser share a network. */
  sameNetwork: boolean;
  checkCode?: CheckCodePrompt;
};

/** CHECK_CODE=display: the number the browser shows, to compare. CHECK_CODE=match: three numbers, one the browser's, to pick from. */
export type CheckCodePrompt = {
  mode: 'display';
  code: CheckCode;
} | {
  mode: 'match';
  choices: CheckCode[];
};

export type DecisionBody = {
  id: LoginId;
  state: 'confirmed' | 'denied';
};

export type ErrorBody = {
  error: {
    code: ErrorCode;
    message: string;
    /** With `conflict` and `check_code_mismatch`: the state now. */
    state?: LoginState;
    /** With `slow_down`: the interval to keep from now on (RFC 8628 §3.5). */
    pollIntervalMs?: number;
  };
};

export type ErrorCode = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'qr_replaced' | 'check_code_required' | 'check_code_mismatch' | 'payload_too_large' | 'rate_limited' | 'slow_down' | 'unavailable' | 'internal';

export type QrConnectErrorData = {
  code: 'not_found' | 'forbidden' | 'rate_limited' | 'unavailable';
};

export type SessionListBody = {
  sessions: SessionBody[];
};

export type SessionBody = {
  /** The session token's `jti`. */
  id: LoginId;
  createdAt: string;
  expiresAt: string;
  ip: string;
  browser?: string;
  os?: string;
  /** The exchange's Origin, or the service's own. */
  site: string;
};

export type SessionsEndedBody = {
  ended: number;
};

export type UserEventsBody = {
  events: UserEventBody[];
};

export type UserEventBody = {
  type: UserEventType;
  at: string;
  loginId?: string;
  sessionId?: string;
  ip?: string;
  reason?: string;
};

export type UserEventType = 'scanned' | 'confirmed' | 'denied' | 'wrong_check_code' | 'signed_in' | 'session_ended';
