import { serverForSuite } from '../support/server';

describe('polling as RFC 8628 means it', () => {
  describe('conditional polls', () => {
    const suite = serverForSuite();

    it('answers 304 while nothing changed and 200 with a new ETag once something did', async () => {
      const { api } = suite;
      const login = await api.createLogin();
      const first = await api.status(login.id, login.secret);
      const etag = first.headers.etag;
      expect(first.status).toBe(200);
      expect(etag).toMatch(/^"[^"]+"$/);

      const unchanged = await api.send('GET', `/api/qr/${login.id}`, {
        secret: login.secret,
        headers: { 'if-none-match': etag! },
      });
      expect(unchanged.status).toBe(304);
      expect(unchanged.body).toBeUndefined();

      await api.scan(login.id, suite.server.mobileToken('alice'));
      const changed = await api.send('GET', `/api/qr/${login.id}`, {
        secret: login.secret,
        headers: { 'if-none-match': etag! },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ state: 'scanned' });
      expect(changed.headers.etag).not.toBe(etag);
    });

    it('never answers 304 to a wrong secret, whatever ETag it sends', async () => {
      const { api } = suite;
      const login = await api.createLogin();
      const etag = (await api.status(login.id, login.secret)).headers.etag!;
      const reply = await api.send('GET', `/api/qr/${login.id}`, {
        secret: 'B'.repeat(43),
        headers: { 'if-none-match': etag },
      });
      expect(reply.status).toBe(403);
    });
  });

  describe('too-fast pollers', () => {
    const suite = serverForSuite({ RATE_LIMIT_POLLS_PER_MINUTE: '3', POLL_INTERVAL_MS: '1000' });

    it('are told slow_down with a longer interval and Retry-After, not a bare 429', async () => {
      const { api } = suite;
      const login = await api.createLogin();
      for (let poll = 0; poll < 3; poll++) expect((await api.status(login.id, login.secret)).status).toBe(200);
      const told = await api.status(login.id, login.secret);
      expect(told.status).toBe(429);
      expect(told.body.error).toMatchObject({ code: 'slow_down', pollIntervalMs: 6000 });
      expect(Number(told.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
});
