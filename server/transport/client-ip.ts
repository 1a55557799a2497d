import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type ClientIpResolver = (request: IncomingMessage) => string;

/**
 * The client's address, believing X-Forwarded-For only from the proxies in `trustedProxies` (walked from
 * the nearest hop outward, as Express does), and without the IPv4-in-IPv6 wrapping so a person recognises it.
 */
export function clientIpResolver(trustedProxies: readonly string[]): ClientIpResolver {
  const trust = proxyaddr.compile([...trustedProxies]);
  return (request) => proxyaddr(request, trust).replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

/** Whether a connection's own address is one of `trustedProxies` (which carry many clients' connections). */
export function isTrustedProxy(trustedProxies: readonly string[]): (address: string) => boolean {
  const trust = proxyaddr.compile([...trustedProxies]);
  return (address) => trust(address, 0);
}
