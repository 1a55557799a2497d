/**
 * An identity provider having a bad day, driven from outside (threat model T21): failing, empty or unusable key
 * sets, and tokens naming keys nobody published. The provider is asked a handful of times, not once per token;
 * its faults answer 503 with Retry-After (never a 401 that signs the app's user out); and an address sending
 * tokens that do not verify is refused before they cause any fetch.
 */
import { Agent } from 'node:http';
import { eventually } from '../support/eventually';
import * as idp from '../support/identity-provider';
import { QrApi } from '../support/qr-api';
import { type TestServer, withTestServer } from '../support/server';

const IDP = { MOBILE_JWT_ISSUER: idp.IDP_ISSUER, MOBILE_JWT_AUDIENCE: idp.IDP_AUDIENCE };

let provider: idp.FakeProvider;
let key: idp.SigningKey;
let answer: idp.FakeProvider['respond'];
const healthy: idp.FakeProvider['respond'] = () => ({ status: 200, body: { keys: [key.jwk] } });

beforeAll(async () => {
  key = await idp.newSigningKey('ES256');
  provider = await idp.startFakeProvider((request) => answer(request));
});
afterAll(() => provider.close());
beforeEach(() => {
  answer = healthy;
});

const withProviderServer = <T>(env: Record<string, string>, use: (server: TestServer) => Promise<T>) =>
  withTestServer({ ...IDP, MOBILE_JWT_JWKS_URL: `${provider.url}/jwks`, ...env }, use);

async function scanWith(server: TestServer, token: string, from?: string) {
  const api = new QrApi(server.url);
  const login = await api.createLogin();
  // The phone sends the rotation mark it read after /scan/<id>/ in the QR content.
  const rotation = login.content.split('/').pop();
  return api.scan(login.id, token, {
    json: { rotation },
    ...(from ? { agent: new Agent({ localAddress: from }) } : {}),
  });
}

const strangers = (count: number) =>
  Promise.all(Array.from({ length: count }, async () => idp.providerToken(await idp.newSigningKey('ES256'))));

test('200 tokens naming unknown keys against a provider answering 500: a handful of fetches, all 503 with Retry-After', async () => {
  await withProviderServer({ MOBILE_JWT_JWKS_REFETCH_SECONDS: '1' }, async (server) => {
    expect((await scanWith(server, await idp.providerToken(key))).status).toBe(200);
    answer = () => ({ status: 500, body: { error: 'internal' } });
    const tokens = await strangers(200);
    // The refetch allowance has come round (1 s): the first unknown key may ask the provider once more.
    await eventually(async () => {
      const before = provider.requests.length;
      const reply = await scanWith(server, tokens[0]!);
      return provider.requests.length > before && reply.status === 503;
    }, 5_000);
    const before = provider.requests.length;
    const replies = await Promise.all(tokens.map((token) => scanWith(server, token)));
    expect(new Set(replies.map((reply) => reply.status))).toEqual(new Set([503]));
    for (const reply of replies) expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
    expect(provider.requests.length - before).toBeLessThanOrEqual(2);
    // A token whose key is cached is still verified while the provider is down.
    expect((await scanWith(server, await idp.providerToken(key))).status).toBe(200);
  });
});

test('100 valid tokens on a cold cache while the provider answers 500: a fetch or two, 503 with Retry-After', async () => {
  answer = () => ({ status: 500, body: { error: 'internal' } });
  const before = provider.requests.length;
  await withProviderServer({}, async (server) => {
    const token = await idp.providerToken(key);
    const replies = await Promise.all(Array.from({ length: 100 }, () => scanWith(server, token)));
    expect(new Set(replies.map((reply) => reply.status))).toEqual(new Set([503]));
    expect(provider.requests.length - before).toBeLessThanOrEqual(2);
  });
});

test.each([
  ['an empty key set', { keys: [] }],
  ['a set of keys none of which can verify', { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }],
  ['something that is not a key set', 'maintenance'],
])('%s is the provider at fault: 503, never 401, and the recovery is seen within seconds', async (_name, body) => {
  answer = () => ({ status: 200, body });
  // The default refetch allowance (30 s): a fault must not be cached for that long.
  await withProviderServer({}, async (server) => {
    const token = await idp.providerToken(key);
    const reply = await scanWith(server, token);
    expect(reply).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
    answer = healthy;
    const recovered = Date.now();
    await eventually(async () => {
      const again = await scanWith(server, token);
      expect(again.status).not.toBe(401);
      return again.status === 200;
    }, 10_000);
    expect(Date.now() - recovered).toBeLessThan(10_000);
  });
});

test('an address sending tokens that do not verify is refused before they cause any fetch', async () => {
  await withProviderServer(
    { MOBILE_JWT_JWKS_REFETCH_SECONDS: '1', RATE_LIMIT_BAD_TOKENS_PER_MINUTE: '5' },
    async (server) => {
      expect((await scanWith(server, await idp.providerToken(key), '127.0.0.2')).status).toBe(200);
      const tokens = await strangers(40);
      const statuses: number[] = [];
      for (const token of tokens.slice(0, 10)) statuses.push((await scanWith(server, token)).status);
      expect(statuses.slice(0, 5)).toEqual(Array(5).fill(401));
      expect(statuses.slice(5)).toEqual(Array(5).fill(429));
      const before = provider.requests.length;
      const refused = await Promise.all(tokens.slice(10).map((token) => scanWith(server, token)));
      expect(new Set(refused.map((reply) => reply.status))).toEqual(new Set([429]));
      expect(provider.requests.length).toBe(before);
      // Someone else at another address still signs in.
      expect((await scanWith(server, await idp.providerToken(key), '127.0.0.2')).status).toBe(200);
    },
  );
});
