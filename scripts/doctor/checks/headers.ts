import { type Finding, ok, warn } from '../report';

/** The headers the service sets on every answer; a proxy that drops them weakens the login page. */
const EXPECTED: Array<{ header: string; why: string; holds(value: string): boolean }> = [
  {
    header: 'content-security-policy',
    why: 'framing and foreign scripts',
    holds: (value) => value.includes("frame-ancestors 'none'"),
  },
  { header: 'x-frame-options', why: 'framing in older browsers', holds: (value) => /deny/i.test(value) },
  { header: 'x-content-type-options', why: 'MIME sniffing', holds: (value) => value === 'nosniff' },
  { header: 'referrer-policy', why: 'leaking the login URL', holds: (value) => value === 'no-referrer' },
];

/** A page that can be framed can be overlaid by a phishing site: the service's headers must reach the browser. */
export function securityHeadersCheck(headers: Headers): Finding {
  const check = 'security headers';
  const missing = EXPECTED.filter(({ header, holds }) => !holds(headers.get(header) ?? ''));
  if (missing.length > 0) {
    const named = missing.map(({ header, why }) => `${header} (against ${why})`).join(', ');
    return warn(check, `missing or changed: ${named}; let the proxy pass the service's headers`);
  }
  return ok(check, EXPECTED.map(({ header }) => header).join(', '));
}
