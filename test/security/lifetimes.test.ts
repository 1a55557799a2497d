/**
 * Lifetimes and lost pushes (threat model T1, T12, T13): every Redis key carries the QR's TTL through every
 * transition (no SET without KEEPTTL), a scan leaves only the decision window, an expired login is gone for every
 * caller, and a browser that reconnects is told the current state, so a push missed while it was away is never lost.
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { redisKeys } from '../../server/store/redis/keys';
import { connectBrowser } from '../support/browser-socket';
import { expectRefusal, expectStatus } from '../support/contract-checks';
import { QrApi } from '../support/qr-api';
import { subscribe } from '../support/qr-socket';
import { startTestServer, type TestServer, withTestServer } from '../support/server';

const PREFIX = `sec-life-${crypto.randomUUID()}:`;
const TTL_SECONDS = 30;
let server: TestServer;
let api: QrApi;
let redis: Redis;
const tokenOf = (user: string): string => server.mobileToken(user, { name: `User ${user}` });

beforeAll(async () => {
  server = await startTestServer({ REDIS_KEY_PREFIX: PREFIX, QR_TTL_SECONDS: String(TTL_SECONDS) });
  api = new QrApi(server.url);
  redis = new Redis(process.env.REDIS_URL!);
});

afterAll(async () => {
  redis?.disconnect();
  await server?.close();
});

test('T13 the key keeps its TTL through scan, confirm and consume: a login can never outlive its QR', async () => {
  const login = await api.createLogin();
  const ttls: number[] = [await redis.pttl(redisKeys(PREFIX).login(login.id))];
  expectStatus(await api.scan(login.id, tokenOf('alice')), 200);
  ttls.push(await redis.pttl(redisKeys(PREFIX).login(login.id)));
  expectStatus(await api.confirm(login.id, tokenOf('alice')), 200);
  ttls.push(await redis.pttl(redisKeys(PREFIX).login(login.id)));
  expectStatus(await api.token(login.id, login.secret), 200);
  ttls.push(await redis.pttl(redisKeys(PREFIX).login(login.id)));
  for (const ttl of ttls) {
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(TTL_SECONDS * 1000);
  }
  // Each transition keeps the deadline set at creation: the TTL only ever shrinks.
  expect([...ttls].sort((a, b) => b - a)).toEqual(ttls);
});

test('T1 a scan leaves CONFIRM_WINDOW_SECONDS to decide, even though the QR had longer to live', async () => {
  await withTestServer({ CONFIRM_WINDOW_SECONDS: '1', QR_TTL_SECONDS: '60' }, async (hurried) => {
    const hurriedApi = new QrApi(hurried.url);
    const login = await hurriedApi.createLogin();
    const alice = hurried.mobileToken('alice');
    const browser = await connectBrowser(hurried.url, { id: login.id, secret: login.secret });
    const scan = await hurriedApi.scan(login.id, alice);
    expect(Date.parse(scan.body.expiresAt)).toBeLessThan(Date.parse(login.expiresAt));
    expect((await browser.waitForState('expired', 3_000)).version).toBe(3);
    expectRefusal(await hurriedApi.confirm(login.id, alice), 404);
    browser.close();
  });
});

test('T13 an expired login is gone for every caller and its browser is told "expired"', async () => {
  const shortLived = await startTestServer({ REDIS_KEY_PREFIX: PREFIX, QR_TTL_SECONDS: '1' });
  try {
    const login = await new QrApi(shortLived.url).createLogin();
    const socket = await subscribe(server.url, { id: login.id, secret: login.secret });
    if (socket.kind !== 'subscribed') throw new Error('refused');
    await socket.subscription.waitFor((push) => push.state === 'expired', 5000);
    socket.subscription.close();
    expectRefusal(await api.status(login.id, login.secret), 404);
    expectRefusal(await api.scan(login.id, tokenOf('alice')), 404);
    expectRefusal(await api.token(login.id, login.secret), 404);
    expect(await subscribe(server.url, { id: login.id, secret: login.secret })).toMatchObject({
      kind: 'refused',
      code: 'not_found',
    });
  } finally {
    await shortLived.close();
  }
});

test('T12 a browser that was away when the login was confirmed is told so when it comes back', async () => {
  const login = await api.createLogin();
  const before = await subscribe(server.url, { id: login.id, secret: login.secret });
  if (before.kind !== 'subscribed') throw new Error('refused');
  before.subscription.close();
  expectStatus(await api.scan(login.id, tokenOf('alice')), 200);
  expectStatus(await api.confirm(login.id, tokenOf('alice')), 200);
  const after = await subscribe(server.url, { id: login.id, secret: login.secret });
  if (after.kind !== 'subscribed') throw new Error('refused');
  expect(after.subscription.pushes[0]).toMatchObject({ state: 'confirmed', user: { name: 'User alice' } });
  expect(after.subscription.pushes[0]!.version).toBeGreaterThan(before.subscription.pushes[0]!.version);
  after.subscription.close();
  expectStatus(await api.token(login.id, login.secret), 200);
});
