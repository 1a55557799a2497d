/** The HTTP bodies of the public contract (shared/contract.md), shared by the server, the SDKs and the tests. */
import type { LoginState } from '../domain/states';

export type ImageFormat = 'svg' | 'png' | 'none';

/** Every error code the service answers with, one each (contract: error table). */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'qr_replaced',
  'check_code_required',
  'check_code_mismatch',
  'payload_too_large',
  'rate_limited',
  'slow_down',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface CreatedLogin {
  id: string;
  secret: string;
  /** The text in the QR code: `${PUBLIC_URL}/scan/${id}`, then `/<rotation mark>` while QR_ROTATE_SECONDS is set. */
  content: string;
  /** To type into the app instead of scanning (RFC 8628 style), shown under the QR: `XXXX-XXXX`. */
  userCode: string;
  /** With QR_ROTATE_SECONDS: when `content` is replaced (the new one is pushed and returned by the status). */
  rotatesAt?: string;
  /** A data URL of the QR code (SVG by default), absent with `?image=none`. */
  image?: string;
  expiresAt: string;
  pollIntervalMs: number;
}

/** The status a browser reads (`GET /api/qr/:id`) and is pushed (`state`); `version` grows with each change. */
export interface StatusBody {
  id: string;
  state: LoginState;
  version: number;
  expiresAt: string;
  /** Who scanned, once someone has. */
  user?: { name?: string; picture?: string };
  /** While scanned: the number the phone's user must see and pick; only the secret's holder ever reads it. */
  checkCode?: string;
  /** While pending: the text the QR shows now (it changes when it rotates). */
  content?: string;
  /** While pending with QR_ROTATE_SECONDS: the rotation step of `content`, and when the next one takes over. */
  rotation?: number;
  rotatesAt?: string;
  /** While pending, when asked for (`?image=`): `content` as a QR image data URL. */
  image?: string;
}

export interface TokenBody {
  token: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; name?: string; picture?: string };
}

export interface ScanBody {
  id: string;
  state: 'scanned';
  /** After a scan the login ends sooner: the user has the confirm window to confirm or deny. */
  expiresAt: string;
  /**
   * The site asking: `origin` is the page that created the login (one of the allowed origins, checked at create;
   * the service's own origin for a caller that sent none); `name` is SITE_NAME when configured.
   */
  site: { origin: string; name?: string };
  requester: {
    /** Observed by the service (behind trusted proxies, the forwarded address). */
    ip: string;
    /** Claimed by the requester, who writes it freely: show it as a claim, never as a fact. */
    userAgent: string;
    createdAt: string;
    /** Seconds since the QR was made. */
    ageSeconds: number;
    /** The user agent in words, e.g. "Chrome 156" and "Windows 10", when recognisable. */
    browser?: string;
    os?: string;
    /** From GEOIP_DATABASE when configured: country and maybe city of `ip`; absent otherwise or when unknown. */
    location?: { countryCode: string; country: string; city?: string };
  };
  /** Whether the phone and the browser share a network (same address, IPv4 /24 or IPv6 /64): warn when not. */
  sameNetwork: boolean;
  /**
   * CHECK_CODE=display: the number the browser now shows, for the user to compare. CHECK_CODE=match: three numbers,
   * one of them the browser's; the user picks the one on screen and the confirm carries it. Absent when off.
   */
  checkCode?: { mode: 'display'; code: string } | { mode: 'match'; choices: string[] };
}

/** `POST /api/qr/:id/confirm` body: the number the user picked (required with CHECK_CODE=match). */
export interface ConfirmRequest {
  checkCode?: string;
}

export interface DecisionBody {
  id: string;
  state: 'confirmed' | 'denied';
}

export interface ErrorBody {
  /** `pollIntervalMs` comes with `slow_down`: the interval to keep from now on (RFC 8628 §3.5). */
  error: { code: ErrorCode; message: string; state?: LoginState; pollIntervalMs?: number };
}
