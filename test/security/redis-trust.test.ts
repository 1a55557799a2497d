/**
 * Forged pub/sub messages (threat model T15): a client on the Redis network can publish on the change channel.
 * A change message is a hint unless its MAC verifies under the key the instances share: then the instance pushes
 * the status it carries, otherwise it reads the state from the store before it pushes. So a forged message can
 * neither show a browser a state that is not stored, nor (with a huge version) silence the real pushes; malformed
 * messages are dropped without harming the server.
 */
import crypto, { createHmac } from 'node:crypto';
import { Redis } from 'ioredis';
import { redisKeys } from '../../server/store/redis/keys';
import { expectRefusal, expectStatus } from '../support/contract-checks';
import { QrApi } from '../support/qr-api';
import { subscribe } from '../support/qr-socket';
import { startTestServer, type TestServer } from '../support/server';

const PREFIX = `sec-forge-${crypto.randomUUID()}:`;
const keys = redisKeys(PREFIX);
let server: TestServer;
/** A second instance on the same prefix: its moves reach `server` only as change messages, in publishing order. */
let other: TestServer;
let api: QrApi;
let otherApi: QrApi;
let redis: Redis;

beforeAll(async () => {
  [server, other] = await Promise.all([
    startTestServer({ REDIS_KEY_PREFIX: PREFIX }),
    startTestServer({ REDIS_KEY_PREFIX: PREFIX }),
  ]);
  api = new QrApi(server.url);
  otherApi = new QrApi(other.url);
  redis = new Redis(process.env.REDIS_URL!);
});

afterAll(async () => {
  redis?.disconnect();
  await Promise.all([server?.close(), other?.close()]);
});

type Published = Record<string, unknown> & { moved: string };

/** Listens on `channel`; once subscribed, `message` is the next message about login `id` as published. */
async function listen(channel: string, id: string): Promise<{ message: Promise<Published> }> {
  const listener = new Redis(process.env.REDIS_URL!);
  await listener.ssubscribe(channel);
  const message = new Promise<Published>((resolve) => {
    listener.on('smessage', (_channel: string, message: string) => {
      const parsed = JSON.parse(message);
      if (parsed.id !== id) return;
      listener.disconnect();
      resolve(parsed);
    });
  });
  return { message };
}

/** A login and a sentinel login, each with a browser subscribed at `server`. */
async function watchedWithSentinel() {
  const login = await api.createLogin();
  const sentinel = await api.createLogin();
  const socket = await subscribe(server.url, { id: login.id, secret: login.secret });
  const sentinelSocket = await subscribe(server.url, { id: sentinel.id, secret: sentinel.secret });
  if (socket.kind !== 'subscribed' || sentinelSocket.kind !== 'subscribed') throw new Error('refused');
  return { login, sentinel, socket, sentinelSocket };
}

test('a forged "confirmed" on the change channel is never pushed, gives no token and does not change the stored state', async () => {
  const { login, sentinel, socket, sentinelSocket } = await watchedWithSentinel();
  const channel = keys.changes(login.id);
  for (const garbage of [
    'not json',
    '{}',
    '{"id":1}',
    JSON.stringify({ id: login.id, state: 'owned', version: 99 }),
    'x'.repeat(100000),
  ]) {
    await redis.spublish(channel, garbage);
  }
  const forged = {
    id: login.id,
    state: 'confirmed',
    version: 2,
    expiresAt: Date.now() + 60000,
    userId: 'mallory',
    userName: 'Mallory',
  };
  expect(await redis.spublish(channel, JSON.stringify(forged))).toBeGreaterThan(0);
  // One subscribed connection delivers in order: once the sentinel hears its real change (made at the other
  // instance, so it comes as a message too), the server has handled the forgeries.
  expectStatus(await otherApi.scan(sentinel.id, server.mobileToken('alice')), 200);
  await sentinelSocket.subscription.waitFor((push) => push.state === 'scanned');
  sentinelSocket.subscription.close();
  // The forged hints made the instance read the store, which says pending: nothing new was pushed.
  expect(socket.subscription.pushes.map((push) => push.state)).toEqual(['pending']);
  expect(expectStatus(await api.status(login.id, login.secret), 200)).toMatchObject({ state: 'pending' });
  expectRefusal(await api.token(login.id, login.secret), 409);
  socket.subscription.close();
  expectStatus(await api.healthz(), 200);
});

test('a forged change with a huge version does not silence the real pushes that follow', async () => {
  const login = await api.createLogin();
  const socket = await subscribe(server.url, { id: login.id, secret: login.secret });
  if (socket.kind !== 'subscribed') throw new Error('refused');
  await redis.spublish(keys.changes(login.id), JSON.stringify({ id: login.id, version: Number.MAX_SAFE_INTEGER }));
  const alice = server.mobileToken('alice');
  expectStatus(await api.scan(login.id, alice), 200);
  expectStatus(await api.confirm(login.id, alice), 200);
  // The forged hint only made the instance read the store; the real changes still reach the browser. Two
  // changes within milliseconds may arrive as one push of the newer state (each push is read from the store).
  expect(await socket.subscription.waitFor((push) => push.state === 'confirmed')).toMatchObject({ version: 3 });
  const versions = socket.subscription.pushes.map((push) => push.version);
  expect(versions[0]).toBe(1);
  expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  expect(Math.max(...versions)).toBe(3);
  socket.subscription.close();
});

test('a change message whose MAC does not verify pushes nothing it carries, and a replayed genuine one nothing again', async () => {
  const { login, sentinel, socket, sentinelSocket } = await watchedWithSentinel();
  const channel = keys.changes(login.id);
  const heard = await listen(channel, login.id);
  expectStatus(await otherApi.scan(login.id, server.mobileToken('alice')), 200);
  const genuine = await heard.message;
  await socket.subscription.waitFor((push) => push.state === 'scanned');
  // The real message is signed with the key both instances derive from their configuration.
  const key = server.config.changeMessageKey;
  expect(genuine.mac).toBe(createHmac('sha1', key).update(genuine.moved).digest('hex'));
  expect(JSON.parse(genuine.moved)).toMatchObject({ id: login.id, state: 'scanned', version: 2, userId: 'alice' });

  const confirmed = JSON.stringify({ ...JSON.parse(genuine.moved), state: 'confirmed', version: 3 });
  const hmac = (algorithm: string, secret: Buffer | string) =>
    createHmac(algorithm, secret).update(confirmed).digest('hex');
  for (const forged of [
    { id: login.id, version: 3, moved: confirmed, mac: genuine.mac },
    { id: login.id, version: 3, moved: confirmed, mac: hmac('sha1', 'a guessed key') },
    { id: login.id, version: 3, moved: confirmed, mac: hmac('sha256', key) },
    { id: login.id, version: 3, moved: confirmed },
    { id: sentinel.id, version: 3, moved: confirmed, mac: hmac('sha1', key) },
    genuine,
  ]) {
    await redis.spublish(channel, JSON.stringify(forged));
  }
  expectStatus(await otherApi.scan(sentinel.id, server.mobileToken('bob')), 200);
  await sentinelSocket.subscription.waitFor((push) => push.state === 'scanned');
  sentinelSocket.subscription.close();
  // The forgeries were hints at most (the instance read "scanned" again) and the replay was no news.
  expect(socket.subscription.pushes.map((push) => push.state)).toEqual(['pending', 'scanned']);
  expect(expectStatus(await api.status(login.id, login.secret), 200)).toMatchObject({ state: 'scanned' });
  expectRefusal(await api.token(login.id, login.secret), 409);
  socket.subscription.close();
});
