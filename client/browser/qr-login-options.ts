import type { LoginStatus, SessionGrant } from '../shared/wire-types';
import type { Transport } from './status-watcher';

/** What a site hands `createQrLogin` and what it hears back: the browser SDK's public surface. */

/** A QR on screen: what the phone scans. */
export interface QrCode {
  id: string;
  content: string;
  /** SVG data URL of the QR. */
  image?: string;
  expiresAt: Date;
  /** The code to type into the app instead of scanning (`XXXX-XXXX`); the same for the login's whole life. */
  userCode?: string;
  /** When the service rotates its QR codes: when this content is replaced by the next (a new `qr` event). */
  rotatesAt?: Date;
}

export type QrImageFormat = 'svg' | 'png';

export interface QrLoginEvents {
  /** A new QR is shown (the first one, each renewal, and each rotation of its content). */
  qr: [qr: QrCode];
  /**
   * The login moved on: `pending`, `scanned` (with `user`, and with CHECK_CODE the `checkCode` the user must pick on
   * the phone: show it), `confirmed`, `denied` (declined on the phone, or a wrong number picked), `cancelled`, `expired`.
   */
  state: [status: LoginStatus];
  /** The session token was exchanged; this happens at most once per QR. */
  signedIn: [session: SessionGrant];
  /** Updates now arrive by `socket` push or by `polling`. */
  transport: [transport: Transport];
  error: [error: Error];
}

export interface QrLoginOptions {
  /** Where the service runs; default: this page's origin. */
  baseUrl?: string;
  /** Element the QR `<img>` is rendered into; omit it to render yourself from the `qr` event. */
  container?: HTMLElement | null;
  /** Alt text of the QR image. */
  qrAlt?: string;
  /** The QR picture's format: `svg` (default: sharp at any size and pixel ratio) or `png` (256 px). */
  image?: QrImageFormat;
  /** Poll period when no socket is available; default: what the service suggests. */
  pollIntervalMs?: number;
  /** How long a socket may take to connect before polling starts; default 4000. */
  connectTimeoutMs?: number;
  /** Each HTTP call fails with a `QrLoginNetworkError` of code `timeout` after this; default 10000. */
  requestTimeoutMs?: number;
  /** `false` polls only, never opens a socket. Default `true`. */
  useSocket?: boolean;
  /** Make a new QR when one expires. Default `true`. */
  autoRenew?: boolean;
  /** Cancel the open QR when the page is left. Default `true`. */
  cancelOnUnload?: boolean;
  onQr?: (qr: QrCode) => void;
  onState?: (status: LoginStatus) => void;
  onSignedIn?: (session: SessionGrant) => void;
  onTransport?: (transport: Transport) => void;
  onError?: (error: Error) => void;
}
