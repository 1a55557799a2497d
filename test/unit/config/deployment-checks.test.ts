import { ConfigError, loadConfig } from '../../../server/config';

const SECRETS = {
  SESSION_JWT_SECRET: 'a-session-secret-of-at-least-32-characters',
  MOBILE_JWT_SECRET: 'a-mobile-secret-of-at-least-32-characters!',
};
const PRODUCTION = {
  ...SECRETS,
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://login.example',
  REDIS_URL: 'redis://r:6379',
};

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('CORS_ORIGINS', () => {
  it('normalises entries to the origin a browser sends (trailing slash, upper case, default port)', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://Shop.Example/, http://localhost:8080 ,https://a.example:443' });
    expect(config.corsOrigins).toEqual(['https://shop.example', 'http://localhost:8080', 'https://a.example']);
  });

  it.each([
    'https://shop.example/login',
    'https://shop.example/?x=1',
    'https://user:pw@shop.example',
    'shop.example',
    'ftp://shop.example',
  ])('refuses %s, naming the variable', (entry) => {
    expect(refusal({ CORS_ORIGINS: entry })).toMatch(/^CORS_ORIGINS: ".*" is not an origin/);
  });
});

describe('production', () => {
  it('starts with an https PUBLIC_URL and Redis', () => {
    expect(loadConfig(PRODUCTION)).toMatchObject({ production: true, demoUsers: false, warnings: [] });
  });

  it('requires an https PUBLIC_URL', () => {
    expect(refusal({ ...PRODUCTION, PUBLIC_URL: '' })).toMatch(/^PUBLIC_URL: must be an https:\/\/ URL/);
    expect(refusal({ ...PRODUCTION, PUBLIC_URL: 'http://login.example' })).toMatch(/^PUBLIC_URL: must be an https/);
  });

  it('needs an explicit opt-in for the embedded store', () => {
    expect(refusal({ ...PRODUCTION, REDIS_URL: '' })).toMatch(
      /^REDIS_URL: \(or REDIS_CLUSTER_NODES or REDIS_SENTINELS\) is required when NODE_ENV=production/,
    );
    expect(loadConfig({ ...PRODUCTION, REDIS_URL: '', ALLOW_EMBEDDED_STORE: 'true' }).redisUrl).toBeUndefined();
    expect(loadConfig({ ...PRODUCTION, REDIS_URL: '', REDIS_CLUSTER_NODES: 'redis-1:7000' }).production).toBe(true);
  });
});

describe('HOST on every address', () => {
  it('warns without PUBLIC_URL, since QR codes would point at 0.0.0.0', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).warnings).toEqual([
      expect.stringMatching(/^HOST=0\.0\.0\.0 without PUBLIC_URL/),
    ]);
    expect(loadConfig({ HOST: '::' }).warnings).toHaveLength(1);
    expect(loadConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'http://192.168.1.5:3000' }).warnings).toEqual([]);
  });
});

describe('METRICS_PORT', () => {
  it('is unset by default (metrics on the public listener) and validated when set', () => {
    expect(loadConfig({}).metricsPort).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9100' }).metricsPort).toBe(9100);
    expect(refusal({ METRICS_PORT: 'x' })).toMatch(/^METRICS_PORT: must be a whole number/);
  });
});

describe('identity providers', () => {
  const JWKS = { MOBILE_JWT_ISSUER: 'https://idp.example', MOBILE_JWT_AUDIENCE: 'app' };

  it('takes an https JWKS URL with iss and aud, and the default algorithm allow-list', () => {
    const config = loadConfig({ ...JWKS, MOBILE_JWT_JWKS_URL: 'https://idp.example/jwks' });
    expect(config).toMatchObject({ mobileJwtAlgorithms: ['RS256', 'ES256'], generatedSecrets: ['SESSION_JWT_SECRET'] });
  });

  it('allows http:// only to a loopback address, and never in production', () => {
    expect(loadConfig({ ...JWKS, MOBILE_JWT_JWKS_URL: 'http://127.0.0.1:8080/jwks' }).mobileJwtJwksUrl).toBeDefined();
    expect(loadConfig({ ...JWKS, MOBILE_JWT_JWKS_URL: 'http://localhost:8080/jwks' }).mobileJwtJwksUrl).toBeDefined();
    expect(refusal({ ...JWKS, MOBILE_JWT_JWKS_URL: 'http://idp.example/jwks' })).toMatch(
      /^MOBILE_JWT_JWKS_URL: must be https:\/\//,
    );
    expect(refusal({ ...PRODUCTION, ...JWKS, MOBILE_JWT_JWKS_URL: 'http://127.0.0.1:8080/jwks' })).toMatch(
      /^MOBILE_JWT_JWKS_URL: must be https:\/\//,
    );
    expect(
      refusal({
        MOBILE_TOKEN_INTROSPECTION_URL: 'http://idp.example/introspect',
        MOBILE_TOKEN_INTROSPECTION_CLIENT_ID: 'id',
        MOBILE_TOKEN_INTROSPECTION_CLIENT_SECRET: 'secret',
      }),
    ).toMatch(/^MOBILE_TOKEN_INTROSPECTION_URL: must be https/);
  });

  it('requires iss and aud with a key set, since the provider signs tokens for other applications too', () => {
    expect(refusal({ MOBILE_JWT_JWKS_URL: 'https://idp.example/jwks', MOBILE_JWT_AUDIENCE: 'app' })).toMatch(
      /^MOBILE_JWT_ISSUER: is required with MOBILE_JWT_JWKS_URL/,
    );
    expect(refusal({ MOBILE_JWT_JWKS_URL: 'https://idp.example/jwks', MOBILE_JWT_ISSUER: 'x' })).toMatch(
      /^MOBILE_JWT_AUDIENCE: is required/,
    );
  });

  it('refuses HS256 or none in the allow-list, and introspection without client credentials', () => {
    expect(refusal({ MOBILE_JWT_ALGORITHMS: 'RS256,HS256' })).toMatch(/^MOBILE_JWT_ALGORITHMS: "HS256" is not one of/);
    expect(refusal({ MOBILE_JWT_ALGORITHMS: 'none' })).toMatch(/^MOBILE_JWT_ALGORITHMS: "none"/);
    expect(refusal({ MOBILE_TOKEN_INTROSPECTION_URL: 'https://idp.example/introspect' })).toMatch(
      /^MOBILE_TOKEN_INTROSPECTION_CLIENT_ID: is required/,
    );
  });
});
