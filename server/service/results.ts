import type { LoginUser } from '../domain';
import type { CoarseLocation } from './geolocator';
import type { UserAgentSummary } from './requester-context';
import type { IssuedSessionToken } from './session-token-issuer';

/** What the service answers; transports turn these into their wire bodies. Times are epoch milliseconds. */

export interface NewLogin {
  id: string;
  /** The browser's proof of ownership, given out once and never stored. */
  secret: string;
  /** The text in the QR code: `${publicUrl}/scan/${id}`. */
  content: string;
  /** To type into the app instead of scanning, shown under the QR: `XXXX-XXXX`. */
  userCode: string;
  /** A data URL of the QR code, absent when none was asked for. */
  image?: string;
  expiresAt: number;
  /** With QR_ROTATE_SECONDS: when `content` is replaced. */
  rotatesAt?: number;
}

/** The answer to a token exchange: the session token and whose it is. */
export interface ExchangedToken extends IssuedSessionToken {
  user: LoginUser;
}

/** What the phone is told before its user decides (threat model T1). */
export interface ScanResult {
  id: string;
  expiresAt: number;
  /** The site asking: the creating page's origin (an allowed one) and the configured SITE_NAME. */
  site: { origin: string; name?: string };
  requester: UserAgentSummary & {
    ip: string;
    userAgent: string;
    createdAt: number;
    /** Whole seconds since the QR was made. */
    ageSeconds: number;
    location?: CoarseLocation;
  };
  /** Whether the phone and the browser share a network (same address, IPv4 /24 or IPv6 /64). */
  sameNetwork: boolean;
  /** CHECK_CODE=display: the browser's number to compare; match: three numbers to pick from. Absent when off. */
  checkCode?: { mode: 'display'; code: string } | { mode: 'match'; choices: string[] };
}
