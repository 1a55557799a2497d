import { createServer, type Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import { DeadlineQueue } from '../transport/deadline-queue';

/** Connections kept beyond the cap for health checks, so a load balancer still hears from a busy instance. */
export const HEALTH_CHECK_RESERVE = 16;

/** A connection taken into the reserve must have sent its request within this; it is closed after its answer. */
const RESERVE_FIRST_BYTE_MS = 1_000;

/** How often Node checks the header and request timeouts of open connections (its default is 30 s). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export interface HttpServerLimits {
  httpHeadersTimeoutMs: number;
  httpRequestTimeoutMs: number;
  httpKeepAliveTimeoutMs: number;
  /** A connection that has sent nothing this long after it opened is closed (at most the headers timeout). */
  httpFirstByteTimeoutMs: number;
  maxConnections: number;
  /** Connections one address may hold; undefined: a quarter of `maxConnections`; 0: no per-address cap. */
  maxConnectionsPerAddress?: number;
  /** Addresses not held to the per-address cap: the trusted proxies, which carry many clients. */
  isTrustedProxy: (address: string) => boolean;
}

export interface LimitedHttpServer {
  server: HttpServer;
  /** More connections are open than the cap: only health checks should be served. */
  overCapacity(): boolean;
}

/** The per-address cap in effect: a quarter of the global cap unless configured, 0 for none. */
export const perAddressCap = (limits: Pick<HttpServerLimits, 'maxConnections' | 'maxConnectionsPerAddress'>) =>
  limits.maxConnectionsPerAddress ?? Math.max(1, Math.floor(limits.maxConnections / 4));

/**
 * The HTTP server with every connection bounded in time and number (threat model T14, T17, T20): a client that
 * sends nothing is dropped after the first-byte wait, one that sends not all its headers after the headers
 * timeout; one address holds at most its share of the connections (closed at accept past it); past
 * `maxConnections` requests are refused with 503 while `HEALTH_CHECK_RESERVE` more connections are still
 * accepted for health checks. A connection in the reserve gets a second for its request and is closed after
 * its answer, so silent clients cannot keep the reserve. Node closes any connection beyond that at once.
 */
export function createLimitedHttpServer(limits: HttpServerLimits): LimitedHttpServer {
  const server = createServer({
    headersTimeout: limits.httpHeadersTimeoutMs,
    requestTimeout: limits.httpRequestTimeoutMs,
    keepAliveTimeout: limits.httpKeepAliveTimeoutMs,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  });
  server.maxConnections = limits.maxConnections + HEALTH_CHECK_RESERVE;
  const firstByteMs = Math.min(limits.httpFirstByteTimeoutMs, limits.httpHeadersTimeoutMs);
  const perAddress = perAddressCap(limits);
  const byAddress = new Map<string, number>();
  let open = 0;

  /** Whether the connection's address is held to the per-address cap. */
  const counted = (address: string) => perAddress !== 0 && !limits.isTrustedProxy(address);

  /** Counts the connection against its address; false when the address already holds its share. */
  const admit = (address: string): boolean => {
    if (!counted(address)) return true;
    const held = byAddress.get(address) ?? 0;
    if (held >= perAddress) return false;
    byAddress.set(address, held + 1);
    return true;
  };

  /**
   * One listener for every connection, not a closure each. Node keeps a socket's peer address once read, so it
   * is still known after the close.
   */
  function released(this: Socket): void {
    open -= 1;
    const address = this.remoteAddress ?? '';
    if (!counted(address)) return;
    const left = (byAddress.get(address) ?? 1) - 1;
    if (left === 0) byAddress.delete(address);
    else byAddress.set(address, left);
  }

  // Node's headers timeout starts with the first byte: a connection that has sent none by its deadline is closed.
  const closeIfSilent = (socket: Socket) => socket.bytesRead === 0 && socket.destroy();
  const silent = new DeadlineQueue<Socket>(firstByteMs, closeIfSilent);
  const silentInReserve = new DeadlineQueue<Socket>(RESERVE_FIRST_BYTE_MS, closeIfSilent);

  server.on('connection', (socket: Socket) => {
    if (!admit(socket.remoteAddress ?? '')) return void socket.destroy();
    const inReserve = open >= limits.maxConnections;
    open += 1;
    (inReserve ? silentInReserve : silent).add(socket);
    socket.on('close', released);
  });
  server.on('close', () => {
    silent.clear();
    silentInReserve.clear();
  });
  return { server, overCapacity: () => open > limits.maxConnections };
}
