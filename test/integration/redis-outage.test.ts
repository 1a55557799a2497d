import { eventually } from '../support/eventually';
import { serverOnOwnRedisForSuite } from '../support/server';

describe('while Redis is down', () => {
  const suite = serverOnOwnRedisForSuite();

  it('answers 503 fast with the error body, reports unhealthy, and recovers by itself when Redis returns', async () => {
    const { api } = suite;
    expect((await api.healthz()).status).toBe(200);
    const login = await api.createLogin();

    await suite.redis.stop();
    const started = Date.now();
    const health = await api.healthz();
    expect(health).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    const create = await api.create({ query: '?image=none' });
    expect(create).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    const status = await api.status(login.id, login.secret);
    expect(status.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(3_000);

    await suite.redis.restart();
    await eventually(async () => (await api.healthz()).status === 200, 10_000);
    const fresh = await api.createLogin();
    await api.scan(fresh.id, suite.server.mobileToken('alice'));
    await api.confirm(fresh.id, suite.server.mobileToken('alice'));
    expect((await api.token(fresh.id, fresh.secret)).status).toBe(200);
  });
});
