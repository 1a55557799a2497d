import type { ScanResult } from '../shared/wire-types';

/** The confirm screen's view of the browser that asks to be signed in. */
export interface RequesterSummary {
  ip: string;
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
export function describeRequester(scan: Pick<ScanResult, 'requester' | 'sameNetwork'>): RequesterSummary {
  const { requester } = scan;
  return {
    ip: requester.ip,
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
