import { eventually } from '../support/eventually';
import { QrApi } from '../support/qr-api';
import { startRedisServer, type ThrowawayRedis } from '../support/redis-server';
import { startTestServer, type TestServer } from '../support/server';

describe('while Redis is down', () => {
  let redis: ThrowawayRedis;
  let server: TestServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    server = await startTestServer({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await server.close();
    await redis.stop();
  });

  it('answers 503 fast with the error body, reports unhealthy, and recovers by itself when Redis returns', async () => {
    const api = new QrApi(server.url);
    expect((await api.healthz()).status).toBe(200);
    const login = await api.createLogin();

    await redis.stop();
    const started = Date.now();
    const health = await api.healthz();
    expect(health).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    const create = await api.create({ query: '?image=none' });
    expect(create).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    const status = await api.status(login.id, login.secret);
    expect(status.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(3_000);

    await redis.restart();
    await eventually(async () => (await api.healthz()).status === 200, 10_000);
    const fresh = await api.createLogin();
    await api.scan(fresh.id, server.mobileToken('alice'));
    await api.confirm(fresh.id, server.mobileToken('alice'));
    expect((await api.token(fresh.id, fresh.secret)).status).toBe(200);
  });
});
