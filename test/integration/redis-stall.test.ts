import jwt from 'jsonwebtoken';
import { QrApi } from '../support/qr-api';
import { serverOnOwnRedisForSuite, startTestServer, TEST_SESSION_JWT_SECRET, type TestServer } from '../support/server';

/** Redis hangs (SIGSTOP on the test's own redis-server): commands time out here but still run once it resumes. */
describe('a Redis that hangs during the token exchange', () => {
  const suite = serverOnOwnRedisForSuite();

  it('answers 503, and the same browser retrying after Redis resumes gets the one token; others do not', async () => {
    const { api } = suite;
    const login = await api.createLogin();
    const alice = suite.server.mobileToken('alice', { name: 'Alice' });
    expect((await api.scan(login.id, alice)).status).toBe(200);
    expect((await api.confirm(login.id, alice)).status).toBe(200);

    const bystander = await api.createLogin();

    suite.redis.pause();
    const timed = async <T>(call: () => Promise<T>) => {
      const started = Date.now();
      return { reply: await call(), ms: Date.now() - started };
    };
    const exchange = timed(() => api.token(login.id, login.secret));
    // A read sent while the script hangs queues behind it on the connection, yet answers within the timeout too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [read, stalled] = await Promise.all([timed(() => api.status(bystander.id, bystander.secret)), exchange]);
    suite.redis.resume();
    expect(stalled.reply).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect(stalled.ms).toBeGreaterThanOrEqual(2_500);
    expect(read.reply.status).toBe(503);
    expect(read.ms).toBeLessThan(4_500);

    // The script that timed out ran when Redis resumed: the login is consumed, yet the browser can finish.
    expect((await api.status(login.id, login.secret)).body).toMatchObject({ state: 'consumed' });
    const retry = await api.token(login.id, login.secret);
    expect(retry.status).toBe(200);
    const again = await api.token(login.id, login.secret);
    expect(again.body.token).toBe(retry.body.token);
    const claims = jwt.verify(retry.body.token, TEST_SESSION_JWT_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: 'alice', name: 'Alice' });
    expect(retry.body.expiresIn).toBeLessThanOrEqual(claims.exp! - claims.iat!);

    expect((await api.token(login.id, 'x'.repeat(43))).status).toBe(403);
  });
});

describe('a confirm at the last moment of the login', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ QR_TTL_SECONDS: '3', EXCHANGE_GRACE_SECONDS: '5' });
  });
  afterAll(() => server.close());

  it('leaves the browser the exchange grace to take its token, and the status says when it ends', async () => {
    const api = new QrApi(server.url);
    const login = await api.createLogin();
    const alice = server.mobileToken('alice');
    expect((await api.scan(login.id, alice)).status).toBe(200);
    // Wait on the service's own clock: until the login has about a second left.
    const endsAt = Date.parse(login.expiresAt);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, endsAt - Date.now() - 1_000)));
    expect((await api.confirm(login.id, alice)).status).toBe(200);
    const confirmed = await api.status(login.id, login.secret);
    expect(confirmed.body.state).toBe('confirmed');
    expect(Date.parse(confirmed.body.expiresAt)).toBeGreaterThan(endsAt + 4_000);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, endsAt - Date.now() + 500)));
    expect((await api.token(login.id, login.secret)).status).toBe(200);
  });
});
