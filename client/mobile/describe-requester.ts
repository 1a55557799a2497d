import type { ScanResult } from '../shared/wire-types';

/** The confirm screen's view of the browser that asks to be signed in. */
export interface RequesterSummary {
  /** The site asking, e.g. "Acme Shop (https://shop.example)"; the origin was checked by the service. */
  site: string;
  ip: string;
  /** Where the service places `ip` (GEOIP_DATABASE), e.g. "London, United Kingdom"; absent when it cannot say. */
  location?: string;
  userAgent: string;
  /** e.g. "Chrome 156 on Windows 10". */
  browser: string;
  ageSeconds: number;
  /** e.g. "12 seconds ago". */
  age: string;
  /** False when the browser is on another network than the phone: worth a warning (a relayed QR). */
  sameNetwork: boolean;
}

/** Words for what the service says about the requester; the service measures the age, so phone clocks do not matter. */
export function describeRequester(scan: Pick<ScanResult, 'site' | 'requester' | 'sameNetwork'>): RequesterSummary {
  const { requester, site } = scan;
  const location = requester.location;
  return {
    site: site.name ? `${site.name} (${site.origin})` : site.origin,
    ip: requester.ip,
    ...(location && { location: location.city ? `${location.city}, ${location.country}` : location.country }),
    userAgent: requester.userAgent,
    browser: describeBrowser(requester.browser, requester.os),
    ageSeconds: requester.ageSeconds,
    age: formatAge(requester.ageSeconds),
    sameNetwork: scan.sameNetwork,
  };
}

export function describeBrowser(browser: string | undefined, os: string | undefined): string {
  if (!browser) return os ? `Unknown browser on ${os}` : 'Unknown browser';
  return os ? `${browser} on ${os}` : browser;
}

export function formatAge(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'at an unknown time';
  if (seconds < 5) return 'just now';
  if (seconds < 90) return `${seconds} seconds ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} minutes ago`;
  return `${Math.round(minutes / 60)} hours ago`;
}
