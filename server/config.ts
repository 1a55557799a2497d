/**
 * The configuration, declared once. Each entry of `settings` is one environment variable: its key is the
 * variable's name in camelCase (`confirmWindowSeconds` is read from CONFIRM_WINDOW_SECONDS) and stays the
 * setting's name everywhere further in; its zod schema validates, converts and gives the default. `Config`
 * is the schema's output type, so nothing is written twice.
 *
 * To add a variable: add one entry to `settings` and a row to README's Configuration table (a unit test
 * checks the two list the same variables), then read `config.yourSetting` in server/compose.ts.
 * Rules that join several variables (production) go in `withDerivedSettings`.
 */

import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { privateKeyRing, type SessionKeyRing, secretKeyRing } from './auth/session-keys';
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
  toHostPort,
  wholeNumber,
} from './config-values';
import { MaxmindGeolocator } from './geo/maxmind-geolocator';
import { CHECK_CODE_MODES } from './service/check-code';
import type { RedisTarget } from './store/redis/connections';

/** Bad configuration stops the start with one line that names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Vars = z.output<z.ZodObject<typeof settings>>;

/**
 * One way to Redis at most: REDIS_URL (one node, credentials in the URL), REDIS_CLUSTER_NODES (a cluster's
 * seeds) or REDIS_SENTINELS with REDIS_SENTINEL_NAME. Any other mix would silently pick one or drop a password.
 */
function redisTarget(vars: Vars, refuse: (setting: keyof Vars, message: string) => void): RedisTarget | undefined {
  const ways = (['redisUrl', 'redisClusterNodes', 'redisSentinels'] as const).filter((way) => vars[way]?.length);
  if (ways.length > 1) {
    refuse(ways[1]!, `cannot be set together with ${environmentName(ways[0]!)}: choose one way to Redis`);
  }
  const sentinel = vars.redisSentinels.length > 0;
  if (!sentinel && vars.redisSentinelName) refuse('redisSentinelName', 'needs REDIS_SENTINELS');
  if (!sentinel && vars.redisSentinelPassword) refuse('redisSentinelPassword', 'needs REDIS_SENTINELS');
  if (sentinel && !vars.redisSentinelName) refuse('redisSentinelName', 'is required with REDIS_SENTINELS');
  for (const setting of ['redisUsername', 'redisPassword'] as const) {
    if (vars[setting] && vars.redisUrl) refuse(setting, 'goes in REDIS_URL for one node');
    else if (vars[setting] && ways.length === 0) refuse(setting, 'needs REDIS_CLUSTER_NODES or REDIS_SENTINELS');
  }
  const auth = { username: vars.redisUsername, password: vars.redisPassword };
  if (vars.redisUrl) return { kind: 'node', url: vars.redisUrl };
  if (vars.redisClusterNodes.length > 0)
    return { kind: 'cluster', nodes: vars.redisClusterNodes.map(toHostPort), ...auth };
  if (sentinel) {
    const sentinels = vars.redisSentinels.map(toHostPort);
    return {
      kind: 'sentinel',
      sentinels,
      name: vars.redisSentinelName ?? '',
      ...auth,
      sentinelPassword: vars.redisSentinelPassword,
    };
  }
  return undefined;
}
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

const settings = {
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
  /**
   * Origins allowed to call the API and open sockets from a browser; empty: only the service's own origin.
   * Each entry is read as the browser sends `Origin` (a trailing slash or upper case is normalised away).
   */
  corsOrigins: list((entry) =>
    asOrigin(entry) ? undefined : `"${entry}" is not an origin (scheme://host[:port], no path)`,
  ).transform((entries) => entries.map((entry) => asOrigin(entry)!)),
  /** Introspection calls per client address. */
  rateLimitIntrospectPerMinute: perMinute(600),
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
  /** Open connections (HTTP, long-polling, WebSocket) beyond which requests get 503; a few more are kept for health checks. */
  maxConnections: wholeNumber(1, 1_000_000, 10_000),
  /** An Engine.IO session that has not joined `/qr` within this is closed. */
  socketJoinTimeoutMs: wholeNumber(500, 60_000, 10_000),
  /** Socket.IO pings each browser this often; keep it below the idle timeout of any proxy in front. */
  socketPingIntervalSeconds: wholeNumber(5, 300, SOCKET_PING_DEFAULTS.intervalSeconds),
  /** A browser that has not answered a ping within this is dropped: a dead one is found within interval + timeout. */
  socketPingTimeoutSeconds: wholeNumber(1, 120, SOCKET_PING_DEFAULTS.timeoutSeconds),
  /** Always off when NODE_ENV=production. */
  demoUsers: flag(true),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The site's name the phone shows beside the asking page's origin ("Sign in to <name>?"). */
  siteName: z.string().min(1).max(64).optional(),
  /** A MaxMind City or Country database: the phone sees the requester's country and city. Unset: no location. */
  geoipDatabase: fileOf((bytes) => MaxmindGeolocator.fromBytes(bytes)),
  /** The phone app's name on the landing pages shown when the demo is off ("open this in the <name> app"). */
  appName: z.string().min(1).max(64).optional(),
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

type Setting = keyof typeof settings;

/** `confirmWindowSeconds` → `CONFIRM_WINDOW_SECONDS`. */
export const environmentName = (setting: string): string => setting.replace(/[A-Z]/g, '_$&').toUpperCase();

/** Every variable the service reads, in declaration order. */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.keys(settings).map(environmentName);

const configSchema = z.object(settings).transform((vars, ctx) => {
  // Any casing or stray space still means production: an odd spelling must never keep the demo minter on.
  const production = vars.nodeEnv?.trim().toLowerCase() === 'production';
  const generatedSecrets: string[] = [];
  const secret = (setting: 'sessionJwtSecret' | 'mobileJwtSecret', replacedByKey: boolean): string => {
    const value = vars[setting];
    if (value) return value;
    if (production && !replacedByKey) {
      ctx.addIssue({ code: 'custom', path: [setting], message: 'is required when NODE_ENV=production' });
    }
    if (!replacedByKey) generatedSecrets.push(environmentName(setting));
    return randomBytes(32).toString('base64url');
  };
  // One key for both kinds of token would let a session token pass as a mobile one.
  if (vars.sessionJwtSecret !== undefined && vars.sessionJwtSecret === vars.mobileJwtSecret) {
    ctx.addIssue({ code: 'custom', path: ['sessionJwtSecret'], message: 'must differ from MOBILE_JWT_SECRET' });
  }
  if (vars.mobileJwtSecret !== undefined && vars.sessionJwtSecrets.includes(vars.mobileJwtSecret)) {
    ctx.addIssue({ code: 'custom', path: ['sessionJwtSecrets'], message: 'must not hold MOBILE_JWT_SECRET' });
  }
  if (vars.sessionJwtPrivateKey && vars.mobileJwtPublicKey?.equals(createPublicKey(vars.sessionJwtPrivateKey))) {
    ctx.addIssue({
      code: 'custom',
      path: ['mobileJwtPublicKey'],
      message: 'must not be the public half of SESSION_JWT_PRIVATE_KEY',
    });
  }
  if (vars.httpHeadersTimeoutMs > vars.httpRequestTimeoutMs) {
    ctx.addIssue({
      code: 'custom',
      path: ['httpHeadersTimeoutMs'],
      message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS',
    });
  }
  const redis = redisTarget(vars, (setting, message) => ctx.addIssue({ code: 'custom', path: [setting], message }));
  if (vars.workers > 1 && !redis) {
    const message =
      'more than one needs Redis (REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS): the embedded store lives in one process';
    ctx.addIssue({ code: 'custom', path: ['workers'], message });
  }
  identityProviderChecks(vars, production, ctx);
  if (vars.sessionJwtSecret && vars.sessionJwtSecrets.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['sessionJwtSecrets'], message: 'set it or SESSION_JWT_SECRET, not both' });
  }
  if (vars.sessionJwtPrivateKey && vars.sessionJwtPrivateKeys.length > 0) {
    const message = 'set it or SESSION_JWT_PRIVATE_KEY, not both';
    ctx.addIssue({ code: 'custom', path: ['sessionJwtPrivateKeys'], message });
  }
  for (const [one, other] of [
    ['introspectionClientId', 'introspectionClientSecret'],
    ['revocationWebhookUrl', 'revocationWebhookSecret'],
  ] as const) {
    if ((vars[one] === undefined) !== (vars[other] === undefined)) {
      const [missing, given] = vars[one] === undefined ? [one, other] : [other, one];
      ctx.addIssue({ code: 'custom', path: [missing], message: `is required when ${environmentName(given)} is set` });
    }
  }
  const privateKeys = vars.sessionJwtPrivateKey
    ? [vars.sessionJwtPrivateKey.export({ type: 'pkcs8', format: 'pem' }).toString()]
    : vars.sessionJwtPrivateKeys;
  const sessionJwtSecret = secret('sessionJwtSecret', privateKeys.length > 0 || vars.sessionJwtSecrets.length > 0);
  let sessionKeys: SessionKeyRing | undefined;
  try {
    sessionKeys =
      privateKeys.length > 0
        ? privateKeyRing(privateKeys)
        : secretKeyRing(vars.sessionJwtSecrets.length > 0 ? vars.sessionJwtSecrets : [sessionJwtSecret]);
  } catch (error) {
    ctx.addIssue({ code: 'custom', path: ['sessionJwtPrivateKeys'], message: (error as Error).message });
  }
  return {
    ...vars,
    production,
    sessionJwtSecret,
    /** The keys session tokens are signed (the first) and verified (all) with. */
    sessionKeys: sessionKeys!,
    /**
     * Authenticates the login a change message carries (HMAC), derived from the session signing key that every
     * instance holds. Instances that disagree (a random key per start, a key rotation under way) only lose the
     * shortcut: a message that does not verify is a hint, and the login is read from the store.
     */
    changeMessageKey: changeMessageKey(privateKeys[0] ?? vars.sessionJwtSecrets[0] ?? sessionJwtSecret),
    auditRetentionMs: vars.auditRetentionDays * 86_400_000,
    mobileJwtSecret: secret(
      'mobileJwtSecret',
      Boolean(vars.mobileJwtPublicKey || vars.mobileJwtJwksUrl || vars.mobileTokenIntrospectionUrl),
    ),
    demoUsers: vars.demoUsers && !production,
    /** Unset: the embedded in-process store (one instance only). */
    redis,
    /** Variables that were missing and replaced by a random value, for a warning at start. */
    generatedSecrets,
    /** Settings that start but are probably wrong: one line each, logged as warnings at start. */
    warnings: deploymentChecks(vars, production, ctx),
  };
});

/** HKDF with a label of its own: the key says nothing of the signing key, and serves nothing else. */
function changeMessageKey(signingKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', signingKey, '', 'qr-login change messages v1', 32));
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Mobile tokens checked with an identity provider over the network: https only, except a loopback http URL
 * outside production (a provider on the same machine, as in tests). A key set without `iss` and `aud` would
 * accept any token the provider signed for any application, so both are required with it.
 */
function identityProviderChecks(
  vars: {
    mobileJwtJwksUrl?: string;
    mobileJwtPublicKey?: KeyObject;
    mobileJwtIssuer?: string;
    mobileJwtAudience?: string;
    mobileTokenIntrospectionUrl?: string;
    mobileTokenIntrospectionClientId?: string;
    mobileTokenIntrospectionClientSecret?: string;
  },
  production: boolean,
  ctx: z.RefinementCtx,
): void {
  const refuse = (setting: string, message: string) => ctx.addIssue({ code: 'custom', path: [setting], message });
  for (const setting of ['mobileJwtJwksUrl', 'mobileTokenIntrospectionUrl'] as const) {
    const value = vars[setting];
    if (!value || value.startsWith('https://')) continue;
    if (production || !LOOPBACK_HOSTS.test(new URL(value).hostname)) {
      refuse(setting, 'must be https:// (http:// only to a loopback address, outside production)');
    }
  }
  if (vars.mobileJwtJwksUrl) {
    if (vars.mobileJwtPublicKey) refuse('mobileJwtPublicKey', 'and MOBILE_JWT_JWKS_URL exclude each other');
    if (!vars.mobileJwtIssuer) refuse('mobileJwtIssuer', 'is required with MOBILE_JWT_JWKS_URL');
    if (!vars.mobileJwtAudience) refuse('mobileJwtAudience', 'is required with MOBILE_JWT_JWKS_URL');
  }
  if (vars.mobileTokenIntrospectionUrl) {
    if (!vars.mobileTokenIntrospectionClientId) {
      refuse('mobileTokenIntrospectionClientId', 'is required with MOBILE_TOKEN_INTROSPECTION_URL');
    }
    if (!vars.mobileTokenIntrospectionClientSecret) {
      refuse('mobileTokenIntrospectionClientSecret', 'is required with MOBILE_TOKEN_INTROSPECTION_URL');
    }
  }
}

const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]']);

/** Settings that would break a deployment: refused in production, warned about where they merely surprise. */
function deploymentChecks(
  vars: {
    publicUrl?: string;
    redisUrl?: string;
    redisClusterNodes: unknown[];
    redisSentinels: unknown[];
    allowEmbeddedStore: boolean;
    host: string;
    androidPackageName?: string;
    androidCertFingerprints: string[];
  },
  production: boolean,
  ctx: z.RefinementCtx,
): string[] {
  if (Boolean(vars.androidPackageName) !== vars.androidCertFingerprints.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['androidCertFingerprints'],
      message: 'and ANDROID_PACKAGE_NAME are set together (assetlinks.json needs both)',
    });
  }
  if (production && !vars.publicUrl?.startsWith('https://')) {
    ctx.addIssue({
      code: 'custom',
      path: ['publicUrl'],
      message: 'must be an https:// URL when NODE_ENV=production (phones open it from the QR)',
    });
  }
  const redis = vars.redisUrl || vars.redisClusterNodes.length > 0 || vars.redisSentinels.length > 0;
  if (production && !redis && !vars.allowEmbeddedStore) {
    ctx.addIssue({
      code: 'custom',
      path: ['redisUrl'],
      message:
        '(or REDIS_CLUSTER_NODES or REDIS_SENTINELS) is required when NODE_ENV=production; set ALLOW_EMBEDDED_STORE=true to run one instance with the in-process store',
    });
  }
  return ANY_ADDRESS.has(vars.host) && !vars.publicUrl
    ? [`HOST=${vars.host} without PUBLIC_URL: QR codes would point at ${vars.host}; set PUBLIC_URL`]
    : [];
}

export type Config = z.output<typeof configSchema>;

export type Environment = Record<string, string | undefined>;

export function loadConfig(env: Environment): Config {
  // An empty variable counts as unset, as shells and orchestrators commonly write it.
  const input = Object.fromEntries(
    (Object.keys(settings) as Setting[]).map((setting) => [setting, env[environmentName(setting)] || undefined]),
  );
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(environmentName(String(issue.path[0])), issue.message);
  }
  return parsed.data;
}
