import { BlockList, isIPv4, isIPv6 } from 'node:net';
import Bowser from 'bowser';

/**
 * What the phone shows before the user decides (threat model T1): the asking browser in words a person
 * reads, and whether it sits on the phone's own network. A relayed QR (QRLJacking) usually comes from
 * somewhere else, so an app can warn before "Confirm".
 */

export interface UserAgentSummary {
  /** e.g. "Chrome 156"; absent when the user agent says nothing recognisable. */
  browser?: string;
  /** e.g. "Windows 10", "iOS 18.1". */
  os?: string;
}

export function summariseUserAgent(userAgent: string): UserAgentSummary {
  const parsed = Bowser.parse(userAgent || ' ');
  const words = (...parts: Array<string | undefined>) => parts.filter(Boolean).join(' ') || undefined;
  const major = parsed.browser.version?.split('.')[0];
  return {
    browser: words(parsed.browser.name, parsed.browser.name ? major : undefined),
    os: words(parsed.os.name, parsed.os.versionName ?? parsed.os.version),
  };
}

/** Same address, or the same IPv4 /24 or IPv6 /64: what one home or office network usually looks like. */
export function onSameNetwork(a: string, b: string): boolean {
  if (a === b) return true;
  const family = isIPv4(a) && isIPv4(b) ? 'ipv4' : isIPv6(a) && isIPv6(b) ? 'ipv6' : undefined;
  if (!family) return false;
  const network = new BlockList();
  network.addSubnet(a, family === 'ipv4' ? 24 : 64, family);
  return network.check(b, family);
}
