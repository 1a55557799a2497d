import Redis from 'ioredis';
import { connectBrowser } from '../support/browser-socket';
import { eventually } from '../support/eventually';
import { confirmOverPush, confirmWhileKillingSubscribers } from '../support/flows';
import { QrApi } from '../support/qr-api';
import { startRedisServer, type ThrowawayRedis } from '../support/redis-server';
import { startTestServer, type TestServer, uniquePrefix } from '../support/server';
import { startServerProcess } from '../support/server-process';

/** These tests break Redis on purpose, so each gets a redis-server of its own. */
describe('pushes survive a lost Redis subscription', () => {
  let redis: ThrowawayRedis;
  let admin: Redis;
  let sockets: TestServer;
  let phones: TestServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url);
    sockets = await startTestServer({ REDIS_URL: redis.url });
    phones = await startTestServer({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: sockets.env.REDIS_KEY_PREFIX! });
  });
  afterAll(async () => {
    await Promise.all([sockets.close(), phones.close()]);
    admin.disconnect();
    await redis.stop();
  });

  it('every waiting browser still gets "confirmed" while the subscriber is killed again and again', async () => {
    const browsers = await confirmWhileKillingSubscribers(sockets, phones, [admin], 20, 10_000);
    for (const browser of browsers) {
      const versions = browser.states.map((s) => s.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size).toBe(versions.length);
      browser.close();
    }
  });
});

describe('Redis stopped and started again', () => {
  it('reports 503 then 200 on /healthz, and the push flow works again without restarting the service', async () => {
    const redis = await startRedisServer();
    const server = await startTestServer({ REDIS_URL: redis.url });
    try {
      const api = new QrApi(server.url);
      await redis.stop();
      expect((await api.healthz()).status).toBe(503);
      await redis.restart();
      await eventually(async () => (await api.healthz()).status === 200, 10_000);

      (await confirmOverPush(server)).close();
    } finally {
      await server.close();
      await redis.stop();
    }
  });
});

describe('an instance stopped with SIGTERM while browsers wait', () => {
  it('loses no login: the browser reconnects elsewhere and learns of a confirmation made meanwhile', async () => {
    const prefix = uniquePrefix();
    const doomed = await startServerProcess({ REDIS_KEY_PREFIX: prefix });
    const survivor = await startTestServer({ REDIS_KEY_PREFIX: prefix });
    try {
      const api = new QrApi(survivor.url);
      const login = await api.createLogin();
      const browser = await connectBrowser(doomed.url, { id: login.id, secret: login.secret });
      await browser.waitForState('pending');
      const dropped = new Promise((resolve) => browser.socket.once('disconnect', resolve));

      doomed.child.kill('SIGTERM');
      await dropped;
      expect(await doomed.exited).toBe(0);

      const alice = survivor.mobileToken('alice');
      await api.scan(login.id, alice);
      await api.confirm(login.id, alice);
      const again = await connectBrowser(survivor.url, { id: login.id, secret: login.secret });
      expect(await again.waitForState('confirmed')).toMatchObject({ version: 3 });
      again.close();
    } finally {
      doomed.child.kill('SIGKILL');
      await survivor.close();
    }
  });
});
