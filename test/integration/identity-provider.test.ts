/**
 * Mobile tokens from a real identity provider: a key set fetched over the network (JWKS) with keys rotated
 * mid-test, opaque tokens introspected (RFC 7662), and a provider that is down: 503 with Retry-After, never
 * an acceptance and never a 401 that would make the app sign its user out.
 */
import { SignJWT } from 'jose';
import { eventually } from '../support/eventually';
import {
  type FakeProvider,
  IDP_AUDIENCE,
  IDP_ISSUER,
  newSigningKey,
  providerToken,
  type SigningKey,
  startFakeProvider,
} from '../support/identity-provider';
import { runPhoneCli } from '../support/phone-cli';
import { QrApi } from '../support/qr-api';
import { startTestServer, type TestServer } from '../support/server';

const REFETCH_SECONDS = 1;

async function scanWith(server: TestServer, token: string) {
  const api = new QrApi(server.url);
  const login = await api.createLogin();
  return api.scan(login.id, token);
}

describe('MOBILE_JWT_JWKS_URL', () => {
  let provider: FakeProvider;
  let server: TestServer;
  let published: SigningKey[];
  let first: SigningKey;

  beforeAll(async () => {
    first = await newSigningKey('ES256');
    published = [first];
    provider = await startFakeProvider(() => ({ status: 200, body: { keys: published.map((key) => key.jwk) } }));
    server = await startTestServer({
      MOBILE_JWT_JWKS_URL: `${provider.url}/jwks`,
      MOBILE_JWT_ISSUER: IDP_ISSUER,
      MOBILE_JWT_AUDIENCE: IDP_AUDIENCE,
      MOBILE_JWT_JWKS_REFETCH_SECONDS: String(REFETCH_SECONDS),
    });
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  it('signs in with a token the provider signed, and caches the key set', async () => {
    const scan = await scanWith(server, await providerToken(first, { sub: 'alice', name: 'Alice' }));
    expect(scan.status).toBe(200);
    const fetches = provider.requests.length;
    expect((await scanWith(server, await providerToken(first, { sub: 'bob' }))).status).toBe(200);
    expect(provider.requests.length).toBe(fetches);
  });

  it('picks up a key rotated at the provider without a restart; the retired key stops working', async () => {
    const second = await newSigningKey('RS256');
    published = [second];
    const token = await providerToken(second, { sub: 'alice' });
    // Until the refetch allowance comes round, the unknown kid is refused; then the new set is fetched once.
    await eventually(async () => {
      const reply = await scanWith(server, token);
      expect([200, 401]).toContain(reply.status);
      return reply.status === 200;
    }, 10_000);
    const retired = await scanWith(server, await providerToken(first, { sub: 'alice' }));
    expect(retired).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    first = second;
  });

  it('refetches at most once per allowance however many unknown kids arrive', async () => {
    const before = provider.requests.length;
    const started = Date.now();
    const strangers = await Promise.all(Array.from({ length: 20 }, () => newSigningKey('ES256')));
    const replies = await Promise.all(strangers.map(async (key) => scanWith(server, await providerToken(key))));
    expect(replies.map((reply) => reply.status)).toEqual(replies.map(() => 401));
    const elapsedSeconds = (Date.now() - started) / 1000;
    expect(provider.requests.length - before).toBeLessThanOrEqual(Math.ceil(elapsedSeconds / REFETCH_SECONDS) + 1);
  });

  it('`npm run phone -- --token <jwt>` confirms with a real app token', async () => {
    const api = new QrApi(server.url);
    const login = await api.createLogin();
    const token = await providerToken(first, { sub: 'dana', name: 'Dana' });
    const { stdout } = await runPhoneCli(['--token', token, '--yes', login.content], async () => {
      const shown = (await api.checkCodeShown(login.id))?.checkCode;
      if (shown === undefined) throw new Error('the browser shows no number to pick');
      return shown;
    });
    expect(stdout).toContain('Sign in on another screen as dana?');
    expect((await api.status(login.id, login.secret)).body).toMatchObject({ state: 'confirmed' });
    expect((await api.token(login.id, login.secret)).body.user).toMatchObject({ id: 'dana', name: 'Dana' });
  });

  it.each([
    ['another issuer', { iss: 'https://other.example' }],
    ['another audience', { aud: 'someone-else' }],
    ['an expired token', { expiresIn: Math.floor(Date.now() / 1000) - 60 }],
  ])('refuses %s with 401', async (_name, claims) => {
    const reply = await scanWith(server, await providerToken(first, { sub: 'alice', ...claims }));
    expect(reply).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });

  it('refuses algorithms outside the allow-list and an HS256 token naming a published kid', async () => {
    const rs384 = await newSigningKey('RS384');
    published = [first, rs384];
    const wrongAlgorithm = await providerToken(rs384, { sub: 'alice' });
    const hmac = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: first.kid })
      .setSubject('alice')
      .setIssuer(IDP_ISSUER)
      .setAudience(IDP_AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(first.jwk)));
    for (const token of [wrongAlgorithm, hmac]) {
      expect(await scanWith(server, token)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    }
    published = [first];
  });
});

describe('an identity provider that is down', () => {
  let provider: FakeProvider;
  let servers: TestServer[];
  let key: SigningKey;

  beforeAll(async () => {
    key = await newSigningKey('ES256');
    provider = await startFakeProvider(() => ({ status: 503, body: { error: 'maintenance' } }));
    const idp = { MOBILE_JWT_ISSUER: IDP_ISSUER, MOBILE_JWT_AUDIENCE: IDP_AUDIENCE };
    servers = await Promise.all([
      startTestServer({ ...idp, MOBILE_JWT_JWKS_URL: `${provider.url}/jwks` }),
      // Nothing listens on the port of a provider that is gone.
      startTestServer({ ...idp, MOBILE_JWT_JWKS_URL: 'http://127.0.0.1:9/jwks' }),
      startTestServer({
        ...idp,
        MOBILE_TOKEN_INTROSPECTION_URL: `${provider.url}/introspect`,
        MOBILE_TOKEN_INTROSPECTION_CLIENT_ID: 'qr-login',
        MOBILE_TOKEN_INTROSPECTION_CLIENT_SECRET: 'client-secret',
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await provider.close();
  });

  it.each([
    ['a JWKS endpoint answering 503', 0],
    ['a JWKS endpoint that refuses connections', 1],
    ['an introspection endpoint answering 503', 2],
  ])('answers 503 unavailable with Retry-After for %s, and never signs in', async (_name, index) => {
    const server = servers[index]!;
    const token = index === 2 ? 'opaque-token-of-alice' : await providerToken(key, { sub: 'alice' });
    const api = new QrApi(server.url);
    const login = await api.createLogin();
    const scan = await api.scan(login.id, token);
    expect(scan).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect(Number(scan.headers['retry-after'])).toBeGreaterThan(0);
    expect((await api.status(login.id, login.secret)).body.state).toBe('pending');
  });
});

describe('MOBILE_TOKEN_INTROSPECTION_URL', () => {
  const CLIENT = { id: 'qr-login', secret: 'client-secret' };
  let provider: FakeProvider;
  let server: TestServer;
  /** What the provider knows: token → its introspection answer. */
  const tokens = new Map<string, Record<string, unknown>>();
  const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;

  beforeAll(async () => {
    provider = await startFakeProvider(({ body, authorization }) => {
      const expected = `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`;
      if (authorization !== expected) return { status: 401, body: { error: 'invalid_client' } };
      const token = new URLSearchParams(body).get('token') ?? '';
      return { status: 200, body: tokens.get(token) ?? { active: false } };
    });
    server = await startTestServer({
      MOBILE_TOKEN_INTROSPECTION_URL: `${provider.url}/introspect`,
      MOBILE_TOKEN_INTROSPECTION_CLIENT_ID: CLIENT.id,
      MOBILE_TOKEN_INTROSPECTION_CLIENT_SECRET: CLIENT.secret,
      MOBILE_TOKEN_INTROSPECTION_CACHE_SECONDS: '60',
      MOBILE_JWT_ISSUER: IDP_ISSUER,
    });
  });
  afterAll(async () => {
    await server?.close();
    await provider?.close();
  });

  const introspections = (token: string) =>
    provider.requests.filter((request) => new URLSearchParams(request.body).get('token') === token).length;

  it('signs in with an active opaque token and reuses the answer', async () => {
    tokens.set('opaque.alice~1', { active: true, sub: 'alice', name: 'Alice', exp: inSeconds(600), iss: IDP_ISSUER });
    const scan = await scanWith(server, 'opaque.alice~1');
    expect(scan.status).toBe(200);
    expect((await scanWith(server, 'opaque.alice~1')).status).toBe(200);
    expect(introspections('opaque.alice~1')).toBe(1);
    expect(provider.requests[0]!.body).toContain('token_type_hint=access_token');
  });

  it('refuses an inactive token, or one from another issuer, with 401', async () => {
    expect((await scanWith(server, 'opaque-unknown')).status).toBe(401);
    tokens.set('opaque-foreign', { active: true, sub: 'alice', exp: inSeconds(600), iss: 'https://other.example' });
    expect((await scanWith(server, 'opaque-foreign')).status).toBe(401);
  });

  it('caches an answer no longer than the token lives', async () => {
    tokens.set('opaque-short', { active: true, sub: 'bob', exp: inSeconds(2), iss: IDP_ISSUER });
    expect((await scanWith(server, 'opaque-short')).status).toBe(200);
    // A provider that still calls it active after its exp does not keep it alive here.
    await eventually(async () => (await scanWith(server, 'opaque-short')).status === 401, 10_000);
    expect(introspections('opaque-short')).toBeGreaterThanOrEqual(2);
  });

  it('answers 503, not 401, when the provider refuses our client credentials', async () => {
    const misconfigured = await startTestServer({
      MOBILE_TOKEN_INTROSPECTION_URL: `${provider.url}/introspect`,
      MOBILE_TOKEN_INTROSPECTION_CLIENT_ID: CLIENT.id,
      MOBILE_TOKEN_INTROSPECTION_CLIENT_SECRET: 'wrong',
    });
    try {
      const scan = await scanWith(misconfigured, 'opaque.alice~1');
      expect(scan).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    } finally {
      await misconfigured.close();
    }
  });
});
