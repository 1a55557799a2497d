/**
 * The rules that join several settings (server/config.ts declares each one): what must come together, what
 * excludes what, and what production refuses. Each refusal is a zod issue on the setting to fix.
 */
import type { KeyObject } from 'node:crypto';
import type { z } from 'zod';
import type { RedisTarget } from '../store/redis/connections';
import { environmentName, type Vars } from './settings';
import { toHostPort } from './values';

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Mobile tokens checked with an identity provider over the network: https only, except a loopback http URL
 * outside production (a provider on the same machine, as in tests). A key set without `iss` and `aud` would
 * accept any token the provider signed for any application, so both are required with it.
 */
export function identityProviderChecks(
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
export function deploymentChecks(
  vars: {
    publicUrl?: string;
    revocationWebhookUrl?: string;
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
  const webhook = vars.revocationWebhookUrl;
  if (production && webhook && !webhook.startsWith('https://') && !LOOPBACK_HOSTS.test(new URL(webhook).hostname)) {
    ctx.addIssue({
      code: 'custom',
      path: ['revocationWebhookUrl'],
      message: 'must be https:// when NODE_ENV=production (http:// only to a loopback address)',
    });
  }
  if (production && !vars.publicUrl?.startsWith('https://')) {
    ctx.addIssue({
      code: 'custom',
      path: ['publicUrl'],
      message:
        'must be an https:// URL when NODE_ENV=production: set the address phones open from the QR, e.g. https://login.example.com',
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

/**
 * One way to Redis at most: REDIS_URL (one node, credentials in the URL), REDIS_CLUSTER_NODES (a cluster's
 * seeds) or REDIS_SENTINELS with REDIS_SENTINEL_NAME. Any other mix would silently pick one or drop a password.
 */
export function redisTarget(
  vars: Vars,
  refuse: (setting: keyof Vars, message: string) => void,
): RedisTarget | undefined {
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

const MOBILE_KEY_SETTINGS = [
  'mobileJwtSecret',
  'mobileJwtPublicKey',
  'mobileJwtJwksUrl',
  'mobileTokenIntrospectionUrl',
] as const;

/** The variables that give the service a real way to check mobile tokens, by name. */
export function configuredMobileKeys(vars: Pick<Vars, (typeof MOBILE_KEY_SETTINGS)[number]>): string[] {
  return MOBILE_KEY_SETTINGS.filter((setting) => vars[setting] !== undefined).map(environmentName);
}

/**
 * The demo users (threat model T23): never in production; otherwise on by default only while no mobile key is
 * configured, since a deployment holding a real key that forgot NODE_ENV must not hand out tokens. Their tokens
 * are signed with DEMO_TOKEN_SECRET (made up for the run unless set), never a mobile key. `notices` is the one
 * start line saying the demo is off and why.
 */
export function demoSettings(
  vars: Pick<Vars, 'demoUsers' | 'demoTokenSecret' | 'mobileJwtSecret' | 'sessionJwtSecret' | 'sessionJwtSecrets'>,
  production: boolean,
  mobileKeys: string[],
  ctx: z.RefinementCtx,
): { demoUsers: boolean; notices: string[] } {
  const demoUsers = !production && (vars.demoUsers ?? mobileKeys.length === 0);
  const demoSecret = vars.demoTokenSecret;
  if (demoSecret && [vars.mobileJwtSecret, vars.sessionJwtSecret, ...vars.sessionJwtSecrets].includes(demoSecret)) {
    ctx.addIssue({
      code: 'custom',
      path: ['demoTokenSecret'],
      message: 'must differ from every mobile and session key',
    });
  }
  const notices =
    !demoUsers && vars.demoUsers === undefined && mobileKeys.length > 0 && !production
      ? [`Demo users are off because ${mobileKeys.join(', ')} is set; set DEMO_USERS=true to have them anyway`]
      : [];
  return { demoUsers, notices };
}
