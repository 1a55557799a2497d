import { randomBytes } from 'node:crypto';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';

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

const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const parsed = Number(value);
      if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got "${value}"` });
        return z.NEVER;
      }
      return parsed;
    });

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((value) => (value === undefined || value === '' ? fallback : value === 'true' || value === '1'));

const url = z.url({ protocol: /^https?$/ }).optional();

/** A PEM block; `\\n` escapes are accepted because many deployment tools cannot put newlines in a variable. */
const pem = (kind: string) =>
  z
    .string()
    .optional()
    .transform((value) => value?.replace(/\\n/g, '\n'))
    .refine((value) => value === undefined || new RegExp(`-----BEGIN ([A-Z]+ )?${kind}-----`).test(value), {
      message: `must be a PEM ${kind.toLowerCase()}`,
    });

const environment = z.object({
  NODE_ENV: z.string().optional(),
  PORT: wholeNumber(0, 65535, 3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'letters, digits and _ : . - only, at most 64')
    .default('qr:'),
  PUBLIC_URL: url,
  QR_TTL_SECONDS: wholeNumber(1, 3600, 120),
  POLL_INTERVAL_MS: wholeNumber(250, 60_000, 2000),
  SESSION_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MOBILE_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TOKEN_TTL_SECONDS: wholeNumber(60, 30 * 24 * 3600, 3600),
  CONFIRM_WINDOW_SECONDS: wholeNumber(1, 3600, 60),
  SESSION_JWT_PRIVATE_KEY: pem('PRIVATE KEY'),
  SESSION_JWT_ISSUER: z.string().max(256).optional(),
  SESSION_JWT_AUDIENCE: z.string().max(256).optional(),
  MOBILE_JWT_PUBLIC_KEY: pem('PUBLIC KEY'),
  MOBILE_JWT_ISSUER: z.string().max(256).optional(),
  MOBILE_JWT_AUDIENCE: z.string().max(256).optional(),
  RATE_LIMIT_CREATE_PER_MINUTE: wholeNumber(0, 1_000_000, 30),
  RATE_LIMIT_POLLS_PER_MINUTE: wholeNumber(0, 1_000_000, 120),
  RATE_LIMIT_SOCKET_CONNECTS_PER_MINUTE: wholeNumber(0, 1_000_000, 60),
  RATE_LIMIT_MOBILE_PER_MINUTE: wholeNumber(0, 1_000_000, 60),
  CORS_ORIGINS: z.string().optional(),
  TRUSTED_PROXIES: z.string().optional(),
  DEMO_USERS: flag(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  production: boolean;
  port: number;
  host: string;
  redisUrl?: string;
  redisKeyPrefix: string;
  /** Unset: derived from where the server listens once it does. */
  publicUrl?: string;
  qrTtlSeconds: number;
  pollIntervalMs: number;
  sessionJwtSecret: string;
  mobileJwtSecret: string;
  sessionTokenTtlSeconds: number;
  /** After a scan the user has this long to confirm or deny (never longer than the QR lives). */
  confirmWindowSeconds: number;
  /** PEM private key (RS256 or ES256) to sign session tokens with instead of the HS256 secret; its public half is served as a JWKS. */
  sessionJwtPrivateKey?: string;
  sessionJwtIssuer?: string;
  sessionJwtAudience?: string;
  /** PEM public key (RS256 or ES256) to verify mobile tokens with instead of the HS256 secret. */
  mobileJwtPublicKey?: string;
  mobileJwtIssuer?: string;
  mobileJwtAudience?: string;
  /** Requests per minute; 0 turns a limit off. Counted in Redis when there is one, so all instances share them. */
  rateLimits: { createsPerIp: number; pollsPerLogin: number; socketConnectsPerIp: number; mobileCallsPerUser: number };
  /** Origins allowed to call the API and open sockets from a browser; empty: only the service's own origin. */
  corsOrigins: string[];
  /** Proxies whose X-Forwarded-For is believed (addresses, CIDRs, or loopback / linklocal / uniquelocal). */
  trustedProxies: string[];
  demoUsers: boolean;
  logLevel: z.infer<typeof environment>['LOG_LEVEL'];
  /** Variables that were missing and replaced by a random value, for a warning at start. */
  generatedSecrets: string[];
}

export type Environment = Record<string, string | undefined>;

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function loadConfig(env: Environment): Config {
  // An empty variable counts as unset, as shells and orchestrators commonly write it.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = environment.safeParse(set);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const vars = parsed.data;
  const production = vars.NODE_ENV === 'production';
  const generatedSecrets: string[] = [];
  const secret = (name: 'SESSION_JWT_SECRET' | 'MOBILE_JWT_SECRET', replacedByKey: boolean) => {
    const value = vars[name];
    if (value) return value;
    if (production && !replacedByKey) throw new ConfigError(name, 'is required when NODE_ENV=production');
    if (!replacedByKey) generatedSecrets.push(name);
    return randomBytes(32).toString('base64url');
  };
  const corsOrigins = list(vars.CORS_ORIGINS);
  for (const origin of corsOrigins) {
    if (!z.url({ protocol: /^https?$/ }).safeParse(origin).success) {
      throw new ConfigError('CORS_ORIGINS', `"${origin}" is not an http(s) origin`);
    }
  }
  const trustedProxies = list(vars.TRUSTED_PROXIES);
  try {
    proxyaddr.compile(trustedProxies);
  } catch (error) {
    throw new ConfigError('TRUSTED_PROXIES', (error as Error).message);
  }
  return {
    production,
    port: vars.PORT,
    host: vars.HOST,
    redisUrl: vars.REDIS_URL,
    redisKeyPrefix: vars.REDIS_KEY_PREFIX,
    publicUrl: vars.PUBLIC_URL?.replace(/\/+$/, ''),
    qrTtlSeconds: vars.QR_TTL_SECONDS,
    pollIntervalMs: vars.POLL_INTERVAL_MS,
    sessionJwtSecret: secret('SESSION_JWT_SECRET', vars.SESSION_JWT_PRIVATE_KEY !== undefined),
    mobileJwtSecret: secret('MOBILE_JWT_SECRET', vars.MOBILE_JWT_PUBLIC_KEY !== undefined),
    sessionTokenTtlSeconds: vars.SESSION_TOKEN_TTL_SECONDS,
    confirmWindowSeconds: vars.CONFIRM_WINDOW_SECONDS,
    sessionJwtPrivateKey: vars.SESSION_JWT_PRIVATE_KEY,
    sessionJwtIssuer: vars.SESSION_JWT_ISSUER,
    sessionJwtAudience: vars.SESSION_JWT_AUDIENCE,
    mobileJwtPublicKey: vars.MOBILE_JWT_PUBLIC_KEY,
    mobileJwtIssuer: vars.MOBILE_JWT_ISSUER,
    mobileJwtAudience: vars.MOBILE_JWT_AUDIENCE,
    rateLimits: {
      createsPerIp: vars.RATE_LIMIT_CREATE_PER_MINUTE,
      pollsPerLogin: vars.RATE_LIMIT_POLLS_PER_MINUTE,
      socketConnectsPerIp: vars.RATE_LIMIT_SOCKET_CONNECTS_PER_MINUTE,
      mobileCallsPerUser: vars.RATE_LIMIT_MOBILE_PER_MINUTE,
    },
    corsOrigins,
    trustedProxies,
    demoUsers: vars.DEMO_USERS && !production,
    logLevel: vars.LOG_LEVEL,
    generatedSecrets,
  };
}
