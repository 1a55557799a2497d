/** What an orchestrator and an operator see: probes, the metrics listener, request ids in access logs. */
import calculateSlot from 'cluster-key-slot';
import { closeRedisConnections, openRedisConnections } from '../../server/store/redis/connections';
import { redisKeys } from '../../server/store/redis/keys';
import { RedisLoginStore } from '../../server/store/redis/redis-store';
import { StoreUnavailableError } from '../../server/store/store-unavailable';
import { eventually } from '../support/eventually';
import { QrApi } from '../support/qr-api';
import { startRedisServer } from '../support/redis-server';
import { serverForSuite, startTestServer, uniquePrefix } from '../support/server';
import { startServerProcess } from '../support/server-process';

describe('probes', () => {
  const suite = serverForSuite();

  it('/livez, /readyz and /healthz answer 200 while Redis and the subscription are up', async () => {
    const api = new QrApi(suite.server.url);
    expect(await api.send('GET', '/livez')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api.send('GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect((await api.send('GET', '/healthz')).status).toBe(200);
  });

  it('serves /metrics on the public listener when METRICS_PORT is unset', async () => {
    expect((await new QrApi(suite.server.url).send('GET', '/metrics')).status).toBe(200);
  });
});

describe('while Redis is down', () => {
  it('/livez stays 200 and /readyz answers 503 within a second, then 200 again by itself', async () => {
    const redis = await startRedisServer();
    const server = await startTestServer({ REDIS_URL: redis.url });
    try {
      const api = new QrApi(server.url);
      await redis.stop();
      const started = Date.now();
      expect(await api.send('GET', '/readyz')).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect((await api.send('GET', '/livez')).status).toBe(200);
      await redis.restart();
      await eventually(async () => (await api.send('GET', '/readyz')).status === 200, 10_000);
    } finally {
      await server.close();
      await redis.stop();
    }
  });
});

describe('readiness of the Redis store', () => {
  it('is refused while the change subscription is down, even though Redis answers commands', async () => {
    const keyPrefix = uniquePrefix();
    const connections = openRedisConnections(
      { kind: 'node', url: process.env.REDIS_URL! },
      redisKeys(keyPrefix).allChanges,
      calculateSlot,
      () => undefined,
    );
    const store = new RedisLoginStore({ connections, keyPrefix });
    const isReady = () =>
      store.ready().then(
        () => true,
        () => false,
      );
    try {
      await eventually(isReady, 5_000);
      await connections.hints.close();
      await expect(store.ping()).resolves.toBeUndefined();
      await expect(store.ready()).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await store.close();
      await closeRedisConnections(connections);
    }
  });
});

describe('METRICS_PORT', () => {
  const suite = serverForSuite({ METRICS_PORT: '0' });

  it('moves /metrics to its own listener: 404 on the public one', async () => {
    expect((await new QrApi(suite.server.url).send('GET', '/metrics')).status).toBe(404);
    const metrics = await new QrApi(suite.server.metricsUrl!).send('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('qr_logins_created_total');
  });
});

describe('request ids', () => {
  it('returns a valid X-Request-Id as given, replaces an invalid one, and writes it in the access log', async () => {
    const server = await startServerProcess({ REDIS_URL: '' });
    try {
      const api = new QrApi(server.url);
      const given = await api.send('POST', '/api/qr?image=none', {
        headers: { 'X-Request-Id': 'edge-7f3a.1' },
        json: {},
      });
      expect(given.headers['x-request-id'] as string).toBe('edge-7f3a.1');
      const forged = await api.send('GET', '/livez', { headers: { 'X-Request-Id': 'a b\u00e9{"level":60}' } });
      const replaced = forged.headers['x-request-id'] as string;
      expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
      const fresh = await api.send('GET', '/nowhere');
      const freshId = fresh.headers['x-request-id'] as string;
      expect(freshId).toMatch(/^[0-9a-f-]{36}$/);

      await eventually(async () => server.logs.some((line) => line.includes(freshId)), 5_000);
      const access = server.logs.map((line) => JSON.parse(line)).filter((line) => line.msg === 'request');
      expect(access).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ requestId: 'edge-7f3a.1', method: 'POST', path: '/api/qr', status: 201 }),
          expect.objectContaining({ requestId: replaced, path: '/livez', status: 200 }),
          expect.objectContaining({ requestId: freshId, path: '/nowhere', status: 404 }),
        ]),
      );
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
