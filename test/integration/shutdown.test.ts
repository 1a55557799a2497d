import { signHs256MobileToken } from '../../server/auth/mobile-tokens';
import { QrApi } from '../support/qr-api';
import { TEST_MOBILE_JWT_SECRET, uniquePrefix } from '../support/server';
import { startServerProcess } from '../support/server-process';

describe('graceful shutdown on SIGTERM', () => {
  it('exits 0 within 5 s and loses no login: a new instance on the same Redis completes it', async () => {
    const prefix = uniquePrefix();
    const first = await startServerProcess({ REDIS_KEY_PREFIX: prefix });
    const alice = signHs256MobileToken(TEST_MOBILE_JWT_SECRET, { sub: 'alice' });
    const login = await new QrApi(first.url).createLogin();
    await new QrApi(first.url).scan(login.id, alice);

    const signalled = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5_000);
    expect(first.logs.join('\n')).toMatch(/shutting down/);

    const second = await startServerProcess({ REDIS_KEY_PREFIX: prefix });
    try {
      const api = new QrApi(second.url);
      expect((await api.status(login.id, login.secret)).body.state).toBe('scanned');
      expect((await api.confirm(login.id, alice)).status).toBe(200);
      expect((await api.token(login.id, login.secret)).status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
