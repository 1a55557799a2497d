import type { SettingDocs } from './groups';

/** Rates, sizes, timeouts and connection caps: what keeps one client, or many, from taking the service down. */
export const LIMIT_SETTINGS = {
  rateLimitCreatePerMinute: {
    group: 'limits',
    does: 'QR creations per client IP per minute; `0` turns it off.',
    example: '30',
    protects: 'One address cannot fill the store with logins.',
  },
  rateLimitPollsPerMinute: {
    group: 'limits',
    does: 'Status polls per QR login per minute; `0` off.',
    example: '120',
  },
  rateLimitSocketConnectsPerMinute: {
    group: 'limits',
    does: 'Socket.IO `/qr` joins per client IP per minute (Engine.IO handshakes are counted apart, at twice this); `0` off.',
    example: '60',
  },
  rateLimitMobilePerMinute: {
    group: 'limits',
    does: 'Scan/confirm/deny and session/audit calls per phone user per minute; `0` off.',
    example: '60',
    protects: 'A stolen phone token cannot scan login after login.',
  },
  rateLimitUserCodePerMinute: {
    group: 'limits',
    does: 'Tries of typed user codes (`POST /api/qr/by-code/…`) per phone user, and separately per code, per minute; `0` off.',
    example: '10',
    protects: 'Typed codes cannot be guessed by trying them all.',
  },
  rateLimitIntrospectPerMinute: {
    group: 'limits',
    does: 'Token introspection calls of the authenticated client per minute; `0` off.',
    example: '600',
  },
  rateLimitIntrospectFailuresPerMinute: {
    group: 'limits',
    does: 'Introspection calls with wrong client credentials per client IP per minute; `0` off.',
    example: '20',
    protects: 'Wrong credentials from one address cannot spend the allowance of the real client behind it.',
  },
  rateLimitUserCodeFailuresPerMinute: {
    group: 'limits',
    does: 'Wrong typed user codes per client IP per minute, whatever accounts they come from; `0` off.',
    example: '20',
    protects: 'Guessing codes with many accounts from one address gains nothing.',
  },
  rateLimitUserCodeFailuresOverallPerMinute: {
    group: 'limits',
    does: 'Wrong typed user codes across the whole service per minute; when reached, typed codes wait and a warning is logged; `0` off.',
    example: '1000',
    protects: 'A guessing campaign spread over many addresses is held and shows on the dashboard.',
  },
  rateLimitBadTokensPerMinute: {
    group: 'limits',
    does: 'Mobile tokens that do not verify, per client IP per minute; past it the address gets `429` before its tokens are checked; `0` off.',
    example: '30',
    protects: "Made-up tokens cannot make the service fetch your identity provider's keys again and again.",
  },
  maxSessionsPerUser: {
    group: 'limits',
    does: 'Live sessions a user may have (1 to 1000); a new one ends the oldest.',
    example: '5',
    protects: 'One account cannot pile up sessions without end.',
  },
  auditEventsPerUser: {
    group: 'limits',
    does: 'QR-login events kept per user for `GET /api/audit` (1 to 10000).',
    example: '100',
  },
  auditRetentionDays: {
    group: 'limits',
    does: 'Events older than this are dropped (1 to 366).',
    example: '90',
  },
  httpHeadersTimeoutMs: {
    group: 'limits',
    does: 'A connection must send its request headers within this (one that sends nothing is closed too).',
    example: '10000',
    protects: 'Slow clients (slowloris) cannot hold connections open.',
  },
  httpRequestTimeoutMs: {
    group: 'limits',
    does: 'A request must arrive whole within this (at least the headers timeout).',
    example: '30000',
    protects: 'Slow clients cannot hold connections open.',
  },
  httpKeepAliveTimeoutMs: {
    group: 'limits',
    does: 'An idle keep-alive connection is closed after this.',
    example: '5000',
  },
  maxConnectionsPerAddress: {
    group: 'limits',
    does: 'Connections one client address may hold (past it, closed at once); default a quarter of `MAX_CONNECTIONS`. `0`: no cap, for many users behind one office address. Trusted proxies are not capped.',
    example: '2500',
    protects: 'One address cannot fill the whole connection cap and lock everyone else out.',
  },
  httpFirstByteTimeoutMs: {
    group: 'limits',
    does: 'A connection that has sent nothing this long is closed (at most `HTTP_HEADERS_TIMEOUT_MS`).',
    example: '5000',
    protects: 'Silent sockets are let go quickly instead of holding a connection each.',
  },
  maxConnections: {
    group: 'limits',
    does: 'Open connections (HTTP, long-polling, WebSocket) past which requests get `503`; 16 more are accepted for `/healthz` only.',
    example: '20000',
    protects: 'A flood of connections gets 503 instead of taking the process down; health checks still answer.',
  },
  socketJoinTimeoutMs: {
    group: 'limits',
    does: 'An Engine.IO session that has not asked to join `/qr` within this is closed.',
    example: '10000',
    protects: 'An idle socket that never asks for a login is not kept.',
  },
} satisfies Record<string, SettingDocs>;
