import type { ScanResult } from '../shared/wire-types';
import { pageLanguage, say } from './page-messages';

/** The requesting browser in the page's language: "Chrome 120 on Windows 10", "Unknown browser". */
export function describeBrowser({ browser, os }: ScanResult['requester']): string {
  if (!browser) return os ? say('unknownBrowserOn', { os }) : say('unknownBrowser');
  return os ? say('browserOn', { browser, os }) : browser;
}

const relative = new Intl.RelativeTimeFormat(pageLanguage, { numeric: 'auto' });

/** When the code was shown, in the page's language (the service measures the age: phone clocks do not matter). */
export function describeAge(seconds: number): string {
  if (!Number.isFinite(seconds)) return say('unknownAge');
  if (seconds < 5) return relative.format(0, 'second');
  if (seconds < 90) return relative.format(-seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return relative.format(-minutes, 'minute');
  return relative.format(-Math.round(minutes / 60), 'hour');
}
