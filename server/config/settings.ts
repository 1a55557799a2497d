/**
 * Every environment variable the service reads, declared once: its key is the variable's name in camelCase
 * (`confirmWindowSeconds` is read from CONFIRM_WINDOW_SECONDS) and stays the setting's name everywhere further
 * in; its zod schema validates, converts and gives the default. server/config.ts joins them into the Config.
 *
 * To add a variable: add one entry to `settings` and say what it is for in server/config/docs/ (tsc refuses a
 * setting without), run `npm run docs:config` (docs/configuration.md and the .env examples; a unit test keeps
 * them current), then read `config.yourSetting` in server/compose.ts.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { availableParallelism } from 'node:os';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { MaxmindGeolocator } from '../geo/maxmind-geolocator';
import { parseMessageOverrides } from '../http/page-messages';
import { CHECK_CODE_MODES } from '../service/check-code';
import {
  asOrigin,
  fileOf,
  flag,
  hostPortProblem,
  httpUrl,
  jwtSecret,
  list,
  pemKey,
  perMinute,
  privateKeyList,
  wholeNumber,
} from './values';

const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/**
 * The heartbeat unless configured: a dead connection is found within 55 s. Socket.IO's own 25 s + 20 s pinged
 * each browser 1.8x as often for a detection within 45 s (docs/benchmarks.md, issue 16). The benchmark reads
 * these to measure whole ping intervals.
 */
export const SOCKET_PING_DEFAULTS = { intervalSeconds: 45, timeoutSeconds: 10 };

export const settings = {
  nodeEnv: z.string().optional(),
  port: wholeNumber(0, 65535, 3000),
  host: z.string().min(1).default('127.0.0.1'),
  redisUrl: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Seed nodes of a Redis Cluster (`host:port,...`), instead of REDIS_URL. */
  redisClusterNodes: list(hostPortProblem),
  /** Sentinels (`host:port,...`) that name the Redis primary, instead of REDIS_URL; needs REDIS_SENTINEL_NAME. */
  redisSentinels: list(hostPortProblem),
  redisSentinelName: z.string().max(256).optional(),
  /** For a cluster's or Sentinel's data nodes (one node takes them in REDIS_URL). */
  redisUsername: z.string().max(256).optional(),
  redisPassword: z.string().max(1024).optional(),
  redisSentinelPassword: z.string().max(1024).optional(),
  /** Processes on this machine, each a full instance on the shared port (`auto`: one per core); >1 needs Redis. */
  workers: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return 1;
      if (value === 'auto') return availableParallelism();
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 256) {
        ctx.addIssue({ code: 'custom', message: `must be auto or a whole number from 1 to 256, got "${value}"` });
        return z.NEVER;
      }
      return Number(value);
    }),
  redisKeyPrefix: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'letters, digits and _ : . - only, at most 64')
    .default('qr:'),
  /**
   * What a change message on Redis carries: `state`, the browser's status with an HMAC, so other instances push
   * without reading the store; `hint`, the id and version only (user names and check codes stay off the channel),
   * and each instance reads the login before it pushes. Either way the instance that made a move pushes its own.
   */
  changeMessages: z.enum(['state', 'hint']).default('state'),
  /** Unset: derived from where the server listens once it does. */
  publicUrl: httpUrl.optional().transform((value) => value?.replace(/\/+$/, '')),
  /**
   * The text inside each QR: `{id}` is the login id, `{publicUrl}` the public URL. A universal link / App Link
   * (`https://…`) or the app's own scheme (`myapp://login/{id}`) lets the phone's camera open the app.
   */
  qrContentTemplate: z
    .string()
    .max(512)
    .refine((template) => template.split('{id}').length === 2, 'must contain {id} exactly once')
    .refine(
      (template) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(template.replaceAll('{publicUrl}', 'https://x')),
      'must be a URL (scheme:…) without spaces',
    )
    .default('{publicUrl}/scan/{id}'),
  qrTtlSeconds: wholeNumber(1, 3600, 120),
  pollIntervalMs: wholeNumber(250, 60_000, 2000),
  /** Unset: a random key for this run (refused in production unless the private key replaces it). */
  sessionJwtSecret: jwtSecret,
  /** Unset: a random key for this run (refused in production unless the public key replaces it). */
  mobileJwtSecret: jwtSecret,
  sessionTokenTtlSeconds: wholeNumber(60, 30 * 24 * 3600, 3600),
  /** After a scan the user has this long to confirm or deny (never longer than the QR lives). */
  confirmWindowSeconds: wholeNumber(1, 3600, 60),
  /** A confirm or a token exchange keeps the login at least this long; a repeated exchange within it gets the same token. */
  exchangeGraceSeconds: wholeNumber(1, 300, 10),
  /** Signs session tokens (RS256 or ES256) instead of the HS256 secret; its public half is served as a JWKS. */
  sessionJwtPrivateKey: pemKey('PRIVATE KEY', createPrivateKey),
  /** Rotation: HS256 secrets, comma-separated, the first signs and all verify (instead of SESSION_JWT_SECRET). */
  sessionJwtSecrets: list((secret) => (secret.length < 32 ? 'every secret must be at least 32 characters' : undefined)),
  /** Rotation: private keys, the first signs, all verify and are served as a JWKS (instead of SESSION_JWT_PRIVATE_KEY). */
  sessionJwtPrivateKeys: privateKeyList,
  sessionJwtIssuer: z.string().max(256).optional(),
  sessionJwtAudience: z.string().max(256).optional(),
  /** Verifies mobile tokens (RS256 or ES256) instead of the HS256 secret. */
  mobileJwtPublicKey: pemKey('PUBLIC KEY', createPublicKey),
  mobileJwtIssuer: z.string().max(256).optional(),
  mobileJwtAudience: z.string().max(256).optional(),
  /** While a login waits its QR content changes this often (0: never); a superseded content is refused. */
  qrRotateSeconds: wholeNumber(0, 3600, 20),
  /** Number matching after the scan (off, display, match); match refuses a confirm without the right pick. */
  checkCode: z.enum(CHECK_CODE_MODES).default('match'),
  /**
   * The identity provider's key set: tokens are verified with the key their `kid` names, fetched and cached,
   * refetched (at most once per MOBILE_JWT_JWKS_REFETCH_SECONDS) when a token names an unknown one.
   */
  mobileJwtJwksUrl: httpUrl.optional(),
  mobileJwtJwksRefetchSeconds: wholeNumber(1, 3600, 30),
  /** Algorithms a JWKS-verified token may use; never HS* or none. */
  mobileJwtAlgorithms: list((algorithm) =>
    ASYMMETRIC_ALGORITHMS.includes(algorithm)
      ? undefined
      : `"${algorithm}" is not one of ${ASYMMETRIC_ALGORITHMS.join(', ')}`,
  ).transform((algorithms) => (algorithms.length > 0 ? algorithms : ['RS256', 'ES256'])),
  /** RFC 7662 endpoint for opaque mobile tokens, called with HTTP Basic client authentication. */
  mobileTokenIntrospectionUrl: httpUrl.optional(),
  mobileTokenIntrospectionClientId: z.string().min(1).max(256).optional(),
  mobileTokenIntrospectionClientSecret: z.string().min(1).max(1024).optional(),
  /** An active answer is reused for at most this long, and never past the token's `exp`. */
  mobileTokenIntrospectionCacheSeconds: wholeNumber(0, 3600, 60),
  /** Requests per minute; 0 turns a limit off. Counted in Redis when there is one, so all instances share them. */
  rateLimitCreatePerMinute: perMinute(30),
  rateLimitPollsPerMinute: perMinute(120),
  rateLimitSocketConnectsPerMinute: perMinute(60),
  rateLimitMobilePerMinute: perMinute(60),
  rateLimitUserCodePerMinute: perMinute(10),
  /** Wrong typed codes per client address, whichever accounts they come from. */
  rateLimitUserCodeFailuresPerMinute: perMinute(20),
  /** Wrong typed codes across the whole service; when it trips, a warning is logged and typed codes wait. */
  rateLimitUserCodeFailuresOverallPerMinute: perMinute(1000),
  /** Mobile tokens that do not verify, per client address; past it the address is refused before any check. */
  rateLimitBadTokensPerMinute: perMinute(30),
  /**
   * Origins allowed to call the API and open sockets from a browser; empty: only the service's own origin.
   * Each entry is read as the browser sends `Origin` (a trailing slash or upper case is normalised away).
   */
  corsOrigins: list((entry) =>
    asOrigin(entry) ? undefined : `"${entry}" is not an origin (scheme://host[:port], no path)`,
  ).transform((entries) => entries.map((entry) => asOrigin(entry)!)),
  /** Introspection calls of the authenticated relying service, counted once its credentials are checked. */
  rateLimitIntrospectPerMinute: perMinute(600),
  /** Introspection calls with wrong client credentials, per client address. */
  rateLimitIntrospectFailuresPerMinute: perMinute(20),
  /** Live sessions per user; a new one ends the oldest past it. */
  maxSessionsPerUser: wholeNumber(1, 1000, 20),
  /** The user's own audit: events kept per user, and for how long. */
  auditEventsPerUser: wholeNumber(1, 10_000, 100),
  auditRetentionDays: wholeNumber(1, 366, 30),
  /** The relying service allowed to introspect session tokens (HTTP Basic); unset: no introspection endpoint. */
  introspectionClientId: z.string().min(1).max(256).optional(),
  introspectionClientSecret: jwtSecret,
  /** Where ended sessions are POSTed, signed with the secret (HMAC-SHA256); unset: no webhook. */
  revocationWebhookUrl: httpUrl.optional(),
  revocationWebhookSecret: jwtSecret,
  /** Proxies whose X-Forwarded-For is believed (addresses, CIDRs, or loopback / linklocal / uniquelocal). */
  trustedProxies: list((proxy) => {
    try {
      proxyaddr.compile(proxy);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }),
  /** A client must have sent its request headers this long after connecting (or after its last request). */
  httpHeadersTimeoutMs: wholeNumber(1_000, 600_000, 10_000),
  /** A client must have sent its whole request within this (at least the headers timeout). */
  httpRequestTimeoutMs: wholeNumber(1_000, 3_600_000, 30_000),
  /** An idle keep-alive connection is closed after this. */
  httpKeepAliveTimeoutMs: wholeNumber(1_000, 600_000, 5_000),
  /** A connection that has sent nothing this long after it opened is closed (at most the headers timeout). */
  httpFirstByteTimeoutMs: wholeNumber(500, 600_000, 5_000),
  /** Open connections (HTTP, long-polling, WebSocket) beyond which requests get 503; a few more are kept for health checks. */
  maxConnections: wholeNumber(1, 1_000_000, 10_000),
  /**
   * Connections one client address may hold, closed at accept past it. Unset: a quarter of MAX_CONNECTIONS; 0: no
   * cap (many users behind one office NAT may need it raised). Trusted proxies' own addresses are not capped.
   */
  maxConnectionsPerAddress: wholeNumber(0, 1_000_000, undefined),
  /** An Engine.IO session that has not joined `/qr` within this is closed. */
  socketJoinTimeoutMs: wholeNumber(500, 60_000, 10_000),
  /** Socket.IO pings each browser this often; keep it below the idle timeout of any proxy in front. */
  socketPingIntervalSeconds: wholeNumber(5, 300, SOCKET_PING_DEFAULTS.intervalSeconds),
  /** A browser that has not answered a ping within this is dropped: a dead one is found within interval + timeout. */
  socketPingTimeoutSeconds: wholeNumber(1, 120, SOCKET_PING_DEFAULTS.timeoutSeconds),
  /**
   * The demo's made-up users and their token minting (under a key made up for the run). Unset: on only while no
   * mobile key is configured (secret, public key, key set or introspection). Always off when NODE_ENV=production.
   */
  demoUsers: flag(undefined),
  /** Signs the demo users' tokens (never a mobile key). Unset: a random key for this run; set it for several instances. */
  demoTokenSecret: jwtSecret,
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The site's name the phone shows beside the asking page's origin ("Sign in to <name>?"). */
  siteName: z.string().min(1).max(64).optional(),
  /** A MaxMind City or Country database: the phone sees the requester's country and city. Unset: no location. */
  geoipDatabase: fileOf((bytes) => MaxmindGeolocator.fromBytes(bytes)),
  /** The phone app's name on the landing pages shown when the demo is off ("open this in the <name> app"). */
  appName: z.string().min(1).max(64).optional(),
  /** A JSON file of the site's own words for those pages, per language: `{"fr": {"homeTitle": "…"}}`. */
  pageMessages: fileOf((bytes) => parseMessageOverrides(JSON.parse(bytes.toString('utf8')))),
  /** Store links on those landing pages. */
  appStoreUrl: z.url({ protocol: /^https$/ }).optional(),
  playStoreUrl: z.url({ protocol: /^https$/ }).optional(),
  /** iOS apps (`TEAMID.bundle.id`) served in /.well-known/apple-app-site-association for the scan links. */
  appleAppIds: list((id) =>
    /^[A-Z0-9]{10}\.[A-Za-z0-9.-]+$/.test(id) ? undefined : `"${id}" is not TEAMID.bundle.id`,
  ),
  /** The Android app served in /.well-known/assetlinks.json, with its signing certificates' SHA-256. */
  androidPackageName: z
    .string()
    .regex(/^[A-Za-z][\w]*(\.[A-Za-z][\w]*)+$/, 'must be a package name like com.example.app')
    .optional(),
  androidCertFingerprints: list((fingerprint) =>
    /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/i.test(fingerprint)
      ? undefined
      : `"${fingerprint}" is not a SHA-256 fingerprint (AA:BB:…, 32 bytes)`,
  ).transform((fingerprints) => fingerprints.map((fingerprint) => fingerprint.toUpperCase())),
  /** `/metrics` on its own listener at this port (0: any free one) instead of the public one. */
  metricsPort: wholeNumber(0, 65535, undefined),
  /** With NODE_ENV=production, run without Redis (one instance, state lost on restart) only when this says so. */
  allowEmbeddedStore: flag(false),
};

export type Setting = keyof typeof settings;

/** What the settings read, before the rules that join them. */
export type Vars = z.output<z.ZodObject<typeof settings>>;

/** `confirmWindowSeconds` → `CONFIRM_WINDOW_SECONDS`. */
export const environmentName = (setting: string): string => setting.replace(/[A-Z]/g, '_$&').toUpperCase();
