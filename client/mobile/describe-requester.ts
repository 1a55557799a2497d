import { UAParser } from 'ua-parser-js';
import type { Requester } from '../shared/wire-types';

/** The confirm screen's view of the browser that asks to be signed in. */
export interface RequesterSummary {
  ip: string;
  userAgent: string;
  /** e.g. "Chrome 120 on Linux". */
  browser: string;
  ageSeconds: number;
  /** e.g. "12 seconds ago". */
  age: string;
}

export function describeRequester(requester: Requester, now: number = Date.now()): RequesterSummary {
  const ageSeconds = Math.max(0, Math.round((now - Date.parse(requester.createdAt)) / 1000));
  return {
    ip: requester.ip,
    userAgent: requester.userAgent,
    browser: describeUserAgent(requester.userAgent),
    ageSeconds,
    age: formatAge(ageSeconds),
  };
}

export function describeUserAgent(userAgent: string): string {
  const { browser, os } = UAParser(userAgent);
  const name = [browser.name, browser.major].filter(Boolean).join(' ') || 'Unknown browser';
  return os.name ? `${name} on ${os.name}` : name;
}

export function formatAge(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'at an unknown time';
  if (seconds < 5) return 'just now';
  if (seconds < 90) return `${seconds} seconds ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} minutes ago`;
  return `${Math.round(minutes / 60)} hours ago`;
}
