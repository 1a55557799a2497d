import { generateKeyPairSync } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { loadConfig } from '../../server/config';
import { refusal } from './config/refusal';

const SECRET = 'a-secret-of-thirty-two-characters-or-more';
const OTHER_SECRET = 'another-secret-of-thirty-two-characters';
const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_JWT_SECRET: SECRET,
  MOBILE_JWT_SECRET: OTHER_SECRET,
  PUBLIC_URL: 'https://login.example',
  REDIS_URL: 'redis://redis:6379',
};

const ecKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = {
  ecPrivate: ecKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  ecPublic: ecKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  /** The phone app's own key: never the session key's public half. */
  phoneEcPublic: generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString(),
  weakRsaPublic: generateKeyPairSync('rsa', { modulusLength: 1024 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString(),
};

describe('loadConfig', () => {
  it('gives every documented default from an empty environment, with random secrets it names for a warning', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      production: false,
      port: 3000,
      host: '127.0.0.1',
      redisUrl: undefined,
      redisKeyPrefix: 'qr:',
      publicUrl: undefined,
      qrTtlSeconds: 120,
      pollIntervalMs: 2000,
      confirmWindowSeconds: 60,
      sessionTokenTtlSeconds: 3600,
      sessionJwtPrivateKey: undefined,
      mobileJwtPublicKey: undefined,
      rateLimitCreatePerMinute: 30,
      rateLimitPollsPerMinute: 120,
      rateLimitSocketConnectsPerMinute: 60,
      rateLimitMobilePerMinute: 60,
      corsOrigins: [],
      trustedProxies: [],
      demoUsers: true,
      logLevel: 'info',
      generatedSecrets: ['SESSION_JWT_SECRET', 'MOBILE_JWT_SECRET'],
    });
    expect(config.sessionJwtSecret).toHaveLength(43);
    expect(config.mobileJwtSecret).not.toBe(config.sessionJwtSecret);
  });

  it('reads each variable into the setting of the same name, and treats an empty variable as unset', () => {
    const config = loadConfig({
      PORT: '0',
      QR_TTL_SECONDS: '',
      CONFIRM_WINDOW_SECONDS: '30',
      PUBLIC_URL: 'https://login.example.com//',
      CORS_ORIGINS: ' https://a.example.com, ,https://b.example.com ',
      TRUSTED_PROXIES: 'loopback, 10.0.0.0/8',
      RATE_LIMIT_SOCKET_CONNECTS_PER_MINUTE: '0',
      DEMO_USERS: 'false',
      SESSION_JWT_SECRET: SECRET,
    });
    expect(config).toMatchObject({
      port: 0,
      qrTtlSeconds: 120,
      confirmWindowSeconds: 30,
      publicUrl: 'https://login.example.com',
      corsOrigins: ['https://a.example.com', 'https://b.example.com'],
      trustedProxies: ['loopback', '10.0.0.0/8'],
      rateLimitSocketConnectsPerMinute: 0,
      demoUsers: false,
      sessionJwtSecret: SECRET,
      generatedSecrets: ['MOBILE_JWT_SECRET'],
    });
  });

  it.each([
    ['PORT', '65536'],
    ['PORT', '80a'],
    ['QR_TTL_SECONDS', '0'],
    ['QR_TTL_SECONDS', '1.5'],
    ['POLL_INTERVAL_MS', '100'],
    ['CONFIRM_WINDOW_SECONDS', '-1'],
    ['SESSION_TOKEN_TTL_SECONDS', '59'],
    ['RATE_LIMIT_CREATE_PER_MINUTE', 'lots'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['REDIS_KEY_PREFIX', 'has space'],
    ['REDIS_CLUSTER_NODES', '10.0.0.1:7000,10.0.0.2'],
    ['WORKERS', 'all'],
    ['WORKERS', '0'],
    ['REDIS_SENTINELS', 'sentinel:99999'],
    ['PUBLIC_URL', 'ftp://example.com'],
    ['SESSION_JWT_SECRET', 'short'],
    ['MOBILE_JWT_SECRET', 'short'],
    ['SESSION_JWT_PRIVATE_KEY', 'not a key'],
    ['SESSION_JWT_PRIVATE_KEY', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'],
    ['MOBILE_JWT_PUBLIC_KEY', pem.ecPrivate],
    ['MOBILE_JWT_PUBLIC_KEY', pem.weakRsaPublic],
    ['CORS_ORIGINS', 'https://ok.example.com,not-an-origin'],
    ['TRUSTED_PROXIES', '10.0.0.0/99'],
    ['DEMO_USERS', 'yes'],
    ['LOG_LEVEL', 'loud'],
    ['SESSION_JWT_SECRETS', `${SECRET},short`],
    ['SESSION_JWT_PRIVATE_KEYS', '/no/such/directory'],
    ['SESSION_JWT_PRIVATE_KEYS', `${pem.ecPrivate}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----`],
    ['MAX_SESSIONS_PER_USER', '0'],
    ['AUDIT_EVENTS_PER_USER', '10001'],
    ['AUDIT_RETENTION_DAYS', '0'],
    ['INTROSPECTION_CLIENT_SECRET', 'short'],
    ['REVOCATION_WEBHOOK_URL', 'ftp://hooks.example.com'],
    ['SITE_NAME', 'x'.repeat(65)],
    ['GEOIP_DATABASE', '/no/such/GeoLite2-City.mmdb'],
    ['GEOIP_DATABASE', __filename],
  ])('stops on a bad %s (%j) with one line naming it', (variable, value) => {
    const error = refusal({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^${variable}: \\S`));
    expect(error.message).not.toContain('\n');
  });

  describe('Redis', () => {
    it('reaches one node, a cluster or a primary behind sentinels, with credentials for the latter two', () => {
      expect(loadConfig({ REDIS_URL: 'redis://:pw@cache:6379/2' }).redis).toEqual({
        kind: 'node',
        url: 'redis://:pw@cache:6379/2',
      });
      expect(loadConfig({ REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, [::1]:7001 ', REDIS_PASSWORD: 'pw' }).redis).toEqual({
        kind: 'cluster',
        nodes: [
          { host: '10.0.0.1', port: 7000 },
          { host: '::1', port: 7001 },
        ],
        username: undefined,
        password: 'pw',
      });
      const sentinels = {
        REDIS_SENTINELS: 's1:26379,s2:26379',
        REDIS_SENTINEL_NAME: 'qr',
        REDIS_SENTINEL_PASSWORD: 'sp',
      };
      expect(loadConfig({ ...sentinels, REDIS_USERNAME: 'qr', REDIS_PASSWORD: 'pw' }).redis).toEqual({
        kind: 'sentinel',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 's2', port: 26379 },
        ],
        name: 'qr',
        username: 'qr',
        password: 'pw',
        sentinelPassword: 'sp',
      });
      expect(loadConfig({}).redis).toBeUndefined();
      expect(loadConfig({ REDIS_URL: 'redis://cache:6379', WORKERS: 'auto' }).workers).toBe(availableParallelism());
      expect(loadConfig({ REDIS_URL: 'redis://cache:6379', WORKERS: '3' }).workers).toBe(3);
      expect(loadConfig({}).workers).toBe(1);
    });

    it.each([
      [{ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:7000' }, 'REDIS_CLUSTER_NODES', 'with REDIS_URL'],
      [
        { REDIS_CLUSTER_NODES: 'b:7000', REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_NAME: 'qr' },
        'REDIS_SENTINELS',
        'with REDIS_CLUSTER_NODES',
      ],
      [{ REDIS_SENTINELS: 's:26379' }, 'REDIS_SENTINEL_NAME', 'is required with REDIS_SENTINELS'],
      [{ REDIS_URL: 'redis://a:6379', REDIS_SENTINEL_NAME: 'qr' }, 'REDIS_SENTINEL_NAME', 'needs REDIS_SENTINELS'],
      [
        { REDIS_CLUSTER_NODES: 'b:7000', REDIS_SENTINEL_PASSWORD: 'x' },
        'REDIS_SENTINEL_PASSWORD',
        'needs REDIS_SENTINELS',
      ],
      [{ REDIS_URL: 'redis://a:6379', REDIS_PASSWORD: 'x' }, 'REDIS_PASSWORD', 'goes in REDIS_URL'],
      [{ REDIS_USERNAME: 'qr' }, 'REDIS_USERNAME', 'needs REDIS_CLUSTER_NODES or REDIS_SENTINELS'],
      [{ WORKERS: '2' }, 'WORKERS', 'the embedded store lives in one process'],
    ])('stops on a mix that would pick one way silently or drop a secret: %j', (env, variable, problem) => {
      const error = refusal(env);
      expect(error.variable).toBe(variable);
      expect(error.message).toContain(problem);
      expect(error.message).not.toContain('\n');
    });
  });

  it('accepts PEM keys with \\n escapes and makes them key objects once', () => {
    const config = loadConfig({
      SESSION_JWT_PRIVATE_KEY: pem.ecPrivate.replace(/\n/g, '\\n'),
      MOBILE_JWT_PUBLIC_KEY: pem.phoneEcPublic,
    });
    expect(config.sessionJwtPrivateKey?.asymmetricKeyType).toBe('ec');
    expect(config.mobileJwtPublicKey?.type).toBe('public');
    expect(config.generatedSecrets).toEqual([]);
  });

  describe('session keys for a rotation', () => {
    it('takes a list of HS256 secrets, the first signing, and needs no generated secret', () => {
      const config = loadConfig({
        ...PRODUCTION,
        SESSION_JWT_SECRET: undefined,
        SESSION_JWT_SECRETS: `${SECRET}1, ${SECRET}2`,
      });
      expect(config.sessionKeys.all.map((key) => key.algorithm)).toEqual(['HS256', 'HS256']);
      expect(config.sessionKeys.active).toBe(config.sessionKeys.all[0]);
      expect(config.generatedSecrets).toEqual([]);
    });

    it('keeps SESSION_JWT_SECRET and SESSION_JWT_PRIVATE_KEY working as a list of one', () => {
      expect(loadConfig({ SESSION_JWT_SECRET: SECRET }).sessionKeys.all).toHaveLength(1);
      const single = loadConfig({ SESSION_JWT_PRIVATE_KEY: pem.ecPrivate }).sessionKeys;
      expect(single.all.map((key) => key.algorithm)).toEqual(['ES256']);
    });

    it('refuses the single and the list form of one kind together', () => {
      expect(refusal({ SESSION_JWT_SECRET: SECRET, SESSION_JWT_SECRETS: SECRET }).variable).toBe('SESSION_JWT_SECRETS');
      expect(
        refusal({ SESSION_JWT_PRIVATE_KEY: pem.ecPrivate, SESSION_JWT_PRIVATE_KEYS: pem.ecPrivate }).variable,
      ).toBe('SESSION_JWT_PRIVATE_KEYS');
    });

    it.each([
      ['INTROSPECTION_CLIENT_ID', 'shop', 'INTROSPECTION_CLIENT_SECRET'],
      ['INTROSPECTION_CLIENT_SECRET', SECRET, 'INTROSPECTION_CLIENT_ID'],
      ['REVOCATION_WEBHOOK_URL', 'https://hooks.example.com/x', 'REVOCATION_WEBHOOK_SECRET'],
      ['REVOCATION_WEBHOOK_SECRET', SECRET, 'REVOCATION_WEBHOOK_URL'],
    ])('refuses %s without its partner', (given, value, missing) => {
      expect(refusal({ [given]: value }).message).toBe(`${missing}: is required when ${given} is set`);
    });
  });

  describe('with NODE_ENV=production', () => {
    it.each([
      ['SESSION_JWT_SECRET', 'SESSION_JWT_PRIVATE_KEY'],
      ['MOBILE_JWT_SECRET', 'MOBILE_JWT_PUBLIC_KEY'],
    ])('refuses to start without %s, naming %s as the alternative', (variable, alternative) => {
      const error = refusal({ ...PRODUCTION, [variable]: '' });
      expect(error.message).toMatch(new RegExp(`^${variable}: is required when NODE_ENV=production: .*${alternative}`));
      expect(error.problems).toHaveLength(1);
    });

    it('names every problem at once, a bad value beside what the rules refuse', () => {
      const error = refusal({ NODE_ENV: 'production', PORT: 'eighty', INTROSPECTION_CLIENT_ID: 'shop' });
      expect(error.problems.map((problem) => problem.variable).sort()).toEqual([
        'INTROSPECTION_CLIENT_SECRET',
        'MOBILE_JWT_SECRET',
        'PORT',
        'PUBLIC_URL',
        'REDIS_URL',
        'SESSION_JWT_SECRET',
      ]);
    });

    it('does not judge a refused value a second time by its default', () => {
      const error = refusal({ ...PRODUCTION, REDIS_URL: 'http://redis:6379' });
      expect(error.problems).toEqual([{ variable: 'REDIS_URL', problem: expect.stringMatching(/protocol|URL/i) }]);
    });

    it('lets the keys stand in for the secrets they replace', () => {
      const config = loadConfig({
        ...PRODUCTION,
        SESSION_JWT_SECRET: '',
        MOBILE_JWT_SECRET: '',
        SESSION_JWT_PRIVATE_KEY: pem.ecPrivate,
        MOBILE_JWT_PUBLIC_KEY: pem.phoneEcPublic,
      });
      expect(config.production).toBe(true);
      expect(config.generatedSecrets).toEqual([]);
    });

    it('turns the demo users off even when asked for', () => {
      expect(loadConfig({ ...PRODUCTION, DEMO_USERS: 'true' }).demoUsers).toBe(false);
    });
  });

  describe('configuration that would fail open is refused (issue 15, item 7)', () => {
    it.each(['Production', 'PRODUCTION', ' production'])('NODE_ENV=%j applies the production rules', (nodeEnv) => {
      expect(refusal({ NODE_ENV: nodeEnv, MOBILE_JWT_SECRET: OTHER_SECRET }).variable).toBe('SESSION_JWT_SECRET');
      const config = loadConfig({ ...PRODUCTION, NODE_ENV: nodeEnv, DEMO_USERS: 'true' });
      expect(config).toMatchObject({ production: true, demoUsers: false });
    });

    it('refuses one secret for both session and mobile tokens', () => {
      const error = refusal({ SESSION_JWT_SECRET: SECRET, MOBILE_JWT_SECRET: SECRET });
      expect(error.variable).toBe('SESSION_JWT_SECRET');
      expect(error.message).toMatch(/MOBILE_JWT_SECRET/);
    });

    it('refuses verifying mobile tokens with the public half of the session signing key', () => {
      const error = refusal({ SESSION_JWT_PRIVATE_KEY: pem.ecPrivate, MOBILE_JWT_PUBLIC_KEY: pem.ecPublic });
      expect(error.variable).toBe('MOBILE_JWT_PUBLIC_KEY');
    });
  });
});
