/** The HTTP bodies of the public contract (shared/contract.md), shared by the server, the SDKs and the tests. */
import type { LoginState } from '../domain/states';

export type ImageFormat = 'svg' | 'png' | 'none';

export interface CreatedLogin {
  id: string;
  secret: string;
  /** The text in the QR code: `${PUBLIC_URL}/scan/${id}`, then `/<rotation mark>` while QR_ROTATE_SECONDS is set. */
  content: string;
  /** With QR_ROTATE_SECONDS: when `content` is replaced (the new one is pushed and returned by the status). */
  rotatesAt?: string;
  /** A data URL of the QR code (SVG by default), absent with `?image=none`. */
  image?: string;
  expiresAt: string;
  pollIntervalMs: number;
}

/** The status a browser reads (`GET /api/qr/:id`) and is pushed (`state`); `version` grows with each change. */
export type { LoginStatus as StatusBody } from '../domain/login';

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
  requester: {
    ip: string;
    userAgent: string;
    createdAt: string;
    /** Seconds since the QR was made. */
    ageSeconds: number;
    /** The user agent in words, e.g. "Chrome 156" and "Windows 10", when recognisable. */
    browser?: string;
    os?: string;
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
  error: { code: string; message: string; state?: LoginState; pollIntervalMs?: number };
}
