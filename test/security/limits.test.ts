/**
 * Abuse limits (threat model T14): past a limit the answer is 429 rate_limited with Retry-After, counts are
 * shared by instances on one Redis, X-Forwarded-For is believed only from trusted proxies, and an attacker's
 * spent allowance never locks out the browser or phone the limit is meant to protect.
 */
import crypto from 'node:crypto';
import { connectBrowser, connectRefused } from '../support/browser-socket';
import { expectRefusal, expectStatus } from '../support/contract-checks';
import type { Exchange } from '../support/http-request';
import { QrApi } from '../support/qr-api';
import { startTestServer, type TestServer } from '../support/server';

const LIMIT = 4;
const servers: Array<TestServer> = [];

async function start(env: Record<string, string>): Promise<QrApi> {
  const server = await startTestServer(env);
  servers.push(server);
  return new QrApi(server.url);
}

afterAll(async () => {
  for (const server of servers.reverse()) await server.close();
});

function expectRateLimited(exchange: Exchange): void {
  expectRefusal(exchange, 429);
  const retryAfter = Number(exchange.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
}

test('creations past the per-address limit get 429 with Retry-After, across instances and spoofed addresses', async () => {
  const env = { RATE_LIMIT_CREATE_PER_MINUTE: String(LIMIT), REDIS_KEY_PREFIX: `sec-limit-${crypto.randomUUID()}:` };
  const [a, b] = [await start(env), await start(env)];
  for (let i = 0; i < LIMIT; i++) await (i % 2 ? a : b).createLogin();
  for (const exchange of [
    await a.create(),
    await b.create(),
    await a.create({ headers: { 'x-forwarded-for': '198.51.100.23' } }),
  ]) {
    expectRateLimited(exchange);
  }
});

test('behind a trusted proxy, a client-written X-Forwarded-For entry does not buy a fresh allowance', async () => {
  const api = await start({ RATE_LIMIT_CREATE_PER_MINUTE: String(LIMIT), TRUSTED_PROXIES: 'loopback' });
  // The proxy appends the address it saw; whatever the client wrote stays to the left of it.
  const via = (spoofed: string) => ({ 'x-forwarded-for': `${spoofed}, 203.0.113.9` });
  for (let i = 0; i < LIMIT; i++) expectStatus(await api.create({ headers: via(`10.0.0.${i}`) }), 201);
  expectRateLimited(await api.create({ headers: via('10.0.0.99') }));
  // Another real client behind the same proxy still has its own allowance.
  expectStatus(await api.create({ headers: { 'x-forwarded-for': '203.0.113.10' } }), 201);
});

test("someone who saw the QR cannot spend the browser's poll allowance with wrong secrets", async () => {
  const api = await start({ RATE_LIMIT_POLLS_PER_MINUTE: String(LIMIT) });
  const login = await api.createLogin();
  for (let i = 0; i < LIMIT * 2; i++) {
    const spy = await api.status(login.id, crypto.randomBytes(32).toString('base64url'));
    if (spy.status !== 429) expectRefusal(spy, 403);
  }
  expectStatus(await api.status(login.id, login.secret), 200);
});

test("a flood of bad mobile calls from one user does not touch another user's allowance", async () => {
  const api = await start({ RATE_LIMIT_MOBILE_PER_MINUTE: String(LIMIT) });
  const server = servers[servers.length - 1]!;
  const victim = await api.createLogin();
  const spammer = server.mobileToken('spammer');
  for (let i = 0; i < LIMIT + 2; i++) await api.scan(crypto.randomUUID(), spammer);
  expectRateLimited(await api.scan(crypto.randomUUID(), spammer));
  const phone = server.mobileToken('alice');
  expectStatus(await api.scan(victim.id, phone), 200);
  expectStatus(await api.confirm(victim.id, phone), 200);
});

test('polls are limited per login, mobile calls per user and socket connects per address', async () => {
  const api = await start({
    RATE_LIMIT_POLLS_PER_MINUTE: '3',
    RATE_LIMIT_MOBILE_PER_MINUTE: '2',
    RATE_LIMIT_SOCKET_CONNECTS_PER_MINUTE: '2',
  });
  const server = servers[servers.length - 1]!;
  const login = await api.createLogin();
  for (let n = 0; n < 3; n++) expectStatus(await api.status(login.id, login.secret), 200);
  expectRateLimited(await api.status(login.id, login.secret));
  const other = await api.createLogin();
  expectStatus(await api.status(other.id, other.secret), 200);

  const alice = server.mobileToken('alice');
  for (let n = 0; n < 2; n++) expectStatus(await api.scan(login.id, alice), 200);
  expectRateLimited(await api.scan(login.id, alice));
  expectStatus(await api.scan(other.id, server.mobileToken('bob')), 200);

  (await connectBrowser(server.url, { id: other.id, secret: other.secret })).close();
  expect(await connectRefused(server.url, { id: other.id, secret: login.secret })).toBe('forbidden');
  expect(await connectRefused(server.url, { id: other.id, secret: other.secret })).toBe('rate_limited');
});
