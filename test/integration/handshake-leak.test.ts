import { io } from 'socket.io-client';
import { eventually } from '../support/eventually';
import { QrApi } from '../support/qr-api';
import { startRedisServer, type ThrowawayRedis } from '../support/redis-server';
import { startTestServer, type TestServer } from '../support/server';

/** A gauge of the instance's metrics. */
async function gauge(server: TestServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
}
const watched = (server: TestServer) => gauge(server, 'qr_watched_logins');

describe('a socket closed while its handshake waits on Redis', () => {
  let redis: ThrowawayRedis;
  let server: TestServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    server = await startTestServer({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    redis.resume();
    await server.close();
    await redis.stop();
  });

  it('leaves no watch entry behind once the handshake finishes', async () => {
    const login = await new QrApi(server.url).createLogin();
    expect(await watched(server)).toBe(0);
    redis.pause();
    const socket = io(`${server.url}/qr`, { auth: { id: login.id, secret: login.secret }, transports: ['websocket'] });
    try {
      await eventually(async () => (await watched(server)) === 1, 5_000);
      socket.disconnect();
      // The server has seen the connection go before the read it waits on can finish.
      await eventually(async () => (await gauge(server, 'qr_engine_sessions')) === 0, 5_000);
    } finally {
      redis.resume();
    }
    // The status read then succeeds for a socket that is gone: its watch must go with it.
    await eventually(async () => (await watched(server)) === 0, 5_000);
  });
});
