import { apiClient } from '../support/api';
import { startTestServer, type TestServer } from '../support/server';

describe('input limits and error bodies', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('refuses a body over 16 KiB with 413 and the error body', async () => {
    const api = apiClient(server.url);
    const login = await api.create();
    const reply = await api.call('POST', `/api/qr/${login.id}/scan`, {
      token: server.mobileToken('alice'),
      body: { padding: 'x'.repeat(20 * 1024) },
    });
    expect(reply).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    expect((await api.status(login.id, login.secret)).body.state).toBe('pending');
  });

  it('refuses malformed JSON with 400', async () => {
    const api = apiClient(server.url);
    const login = await api.create();
    const reply = await api.call('POST', `/api/qr/${login.id}/scan`, {
      token: server.mobileToken('alice'),
      body: '{"oops',
    });
    expect(reply).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
  });

  it('answers unknown endpoints with a JSON 404', async () => {
    const reply = await apiClient(server.url).call('GET', '/api/nothing-here');
    expect(reply).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('serves Prometheus metrics that count logins and transitions', async () => {
    const api = apiClient(server.url);
    const login = await api.create();
    await api.scan(login.id, server.mobileToken('alice'));
    const metrics = await api.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/qr_logins_created_total [1-9]/);
    expect(metrics.body).toMatch(/qr_login_transitions_total\{state="scanned"\} [1-9]/);
    expect(metrics.body).toMatch(/qr_http_request_duration_seconds_bucket/);
  });
});

describe('the create rate limit per client IP', () => {
  it('answers 429 with Retry-After past the configured number per minute', async () => {
    const server = await startTestServer({ RATE_LIMIT_CREATE_PER_MINUTE: '3' });
    try {
      const api = apiClient(server.url);
      const statuses = [];
      for (let n = 0; n < 4; n++) statuses.push((await api.call('POST', '/api/qr?image=none')).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
      const limited = await api.call('POST', '/api/qr?image=none');
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});

describe('a QR login lives for QR_TTL_SECONDS', () => {
  it('is gone (404) for everyone once its TTL has passed', async () => {
    const server = await startTestServer({ QR_TTL_SECONDS: '1' });
    try {
      const api = apiClient(server.url);
      const login = await api.create();
      await api.scan(login.id, server.mobileToken('alice'));
      const remaining = Date.parse(login.expiresAt) - Date.now();
      expect(remaining).toBeLessThanOrEqual(1_000);
      await new Promise((resolve) => setTimeout(resolve, remaining + 100));
      expect((await api.status(login.id, login.secret)).status).toBe(404);
      expect((await api.confirm(login.id, server.mobileToken('alice'))).status).toBe(404);
      expect((await api.token(login.id, login.secret)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
