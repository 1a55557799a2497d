import { createServer, type Server as HttpServer } from 'node:http';

/** Connections kept beyond the cap for health checks, so a load balancer still hears from a busy instance. */
export const HEALTH_CHECK_HEADROOM = 16;

/** How often Node checks the header and request timeouts of open connections (its default is 30 s). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export interface HttpServerLimits {
  httpHeadersTimeoutMs: number;
  httpRequestTimeoutMs: number;
  httpKeepAliveTimeoutMs: number;
  maxConnections: number;
}

export interface LimitedHttpServer {
  server: HttpServer;
  /** More connections are open than the cap: only health checks should be served. */
  overCapacity(): boolean;
}

/**
 * The HTTP server with every connection bounded in time and number (threat model T14): a client that sends
 * nothing, or not all its headers, is dropped after the headers timeout, and past `maxConnections` requests are refused with 503
 * while `HEALTH_CHECK_HEADROOM` more connections are still accepted for health checks. Node closes any
 * connection beyond that at once.
 */
export function createLimitedHttpServer(limits: HttpServerLimits): LimitedHttpServer {
  const server = createServer({
    headersTimeout: limits.httpHeadersTimeoutMs,
    requestTimeout: limits.httpRequestTimeoutMs,
    keepAliveTimeout: limits.httpKeepAliveTimeoutMs,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  });
  server.maxConnections = limits.maxConnections + HEALTH_CHECK_HEADROOM;
  let open = 0;
  server.on('connection', (socket) => {
    open += 1;
    // Node's headers timeout starts with the first byte: a connection that sends none is closed here, judged
    // after the pending reads (setImmediate), since a lagging event loop runs timers before them.
    const silent = setTimeout(
      () => setImmediate(() => socket.bytesRead === 0 && socket.destroy()),
      limits.httpHeadersTimeoutMs,
    );
    silent.unref();
    socket.once('close', () => {
      open -= 1;
      clearTimeout(silent);
    });
  });
  return { server, overCapacity: () => open > limits.maxConnections };
}
