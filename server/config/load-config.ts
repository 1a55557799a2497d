/**
 * The configuration: the settings (server/config/settings.ts) read from the environment, checked by the rules
 * that join them (server/config/rules.ts), and combined into the `Config` the composition root hands out.
 * `Config` is the schema's output type, so nothing is written twice.
 */
import { createPublicKey, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { privateKeyRing, type SessionKeyRing, secretKeyRing } from '../auth/session-keys';
import { configuredMobileKeys, demoSettings, deploymentChecks, identityProviderChecks, redisTarget } from './rules';
import { environmentName, type Setting, settings, type Vars } from './settings';

export { SOCKET_PING_DEFAULTS } from './settings';

/** One thing wrong with the configuration: the variable to change and what to do. */
export interface ConfigProblem {
  variable: string;
  problem: string;
}

/** Bad configuration stops the start naming every problem at once, one line each (`VARIABLE: problem`). */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(({ variable, problem }) => `${variable}: ${problem}`).join('\n'));
    this.name = 'ConfigError';
  }

  /** The first variable to fix. */
  get variable(): string {
    return this.problems[0]!.variable;
  }
}

/** Every variable the service reads, in declaration order. */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.keys(settings).map(environmentName);

/** The rules that join the settings, run on what each setting read (a refused one stands at its default). */
const configSchema = z.custom<Vars>().transform((vars, ctx) => {
  // Any casing or stray space still means production: an odd spelling must never keep the demo minter on.
  const production = vars.nodeEnv?.trim().toLowerCase() === 'production';
  const generatedSecrets: string[] = [];
  const secret = (setting: keyof typeof SECRET_ALTERNATIVES, replacedByKey: boolean): string => {
    const value = vars[setting];
    if (value) return value;
    if (production && !replacedByKey) {
      const message = `is required when NODE_ENV=production: ${SECRET_ALTERNATIVES[setting]}`;
      ctx.addIssue({ code: 'custom', path: [setting], message });
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
  const mobileKey = vars.mobileJwtPublicKey;
  if (mobileKey && vars.sessionJwtPrivateKeys.some((pem) => mobileKey.equals(createPublicKey(pem)))) {
    ctx.addIssue({
      code: 'custom',
      path: ['mobileJwtPublicKey'],
      message: 'must not be the public half of a key in SESSION_JWT_PRIVATE_KEYS',
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
  const mobileKeys = configuredMobileKeys(vars);
  const mobileJwtSecret = secret('mobileJwtSecret', mobileKeys.length > 0);
  const demo = demoSettings(vars, production, mobileKeys, ctx);
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
    mobileJwtSecret,
    demoUsers: demo.demoUsers,
    /** Signs the demo users' tokens: never a mobile key (the workers of one start share a made-up one). */
    demoTokenSecret: vars.demoTokenSecret ?? randomBytes(32).toString('base64url'),
    /** Unset: the embedded in-process store (one instance only). */
    redis,
    /** Variables that were missing and replaced by a random value, for a warning at start. */
    generatedSecrets,
    /** Settings that start but are probably wrong: one line each, logged as warnings at start. */
    warnings: [...deploymentChecks(vars, production, ctx), ...demo.notices],
  };
});

/** What a production start without a secret can do instead: each names its fix and its alternatives. */
const SECRET_ALTERNATIVES = {
  sessionJwtSecret:
    'set 32 or more random characters (openssl rand -base64 32), or sign with a key instead: SESSION_JWT_PRIVATE_KEY (or SESSION_JWT_SECRETS / SESSION_JWT_PRIVATE_KEYS during a key rotation)',
  mobileJwtSecret:
    "set the secret your app's tokens are signed with (32+ characters), or verify them another way: MOBILE_JWT_PUBLIC_KEY, MOBILE_JWT_JWKS_URL or MOBILE_TOKEN_INTROSPECTION_URL",
};

/** HKDF with a label of its own: the key says nothing of the signing key, and serves nothing else. */
function changeMessageKey(signingKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', signingKey, '', 'qr-login change messages v1', 32));
}

export type Config = z.output<typeof configSchema>;

export type Environment = Record<string, string | undefined>;

/**
 * Reads every setting, then the rules that join them, and refuses the configuration with every problem found:
 * a start that names one problem at a time takes as many restarts as there are problems.
 */
export function loadConfig(env: Environment): Config {
  const problems: ConfigProblem[] = [];
  const refused = new Set<string>();
  const vars: Record<string, unknown> = {};
  for (const setting of Object.keys(settings) as Setting[]) {
    // An empty variable counts as unset, as shells and orchestrators commonly write it.
    const read = settings[setting].safeParse(env[environmentName(setting)] || undefined);
    if (read.success) {
      vars[setting] = read.data;
      continue;
    }
    refused.add(setting);
    problems.push(
      ...read.error.issues.map((issue) => ({ variable: environmentName(setting), problem: issue.message })),
    );
    // The rules still run, on the default: their other findings belong in the same report.
    vars[setting] = settings[setting].parse(undefined);
  }
  const joined = configSchema.safeParse(vars);
  for (const issue of joined.error?.issues ?? []) {
    const setting = String(issue.path[0]);
    // A rule about a refused setting judged its default, not what was given.
    if (!refused.has(setting)) problems.push({ variable: environmentName(setting), problem: issue.message });
  }
  if (problems.length > 0 || !joined.success) throw new ConfigError(problems);
  return joined.data;
}
