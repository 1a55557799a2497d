import { QrApi } from '../support/qr-api';
import { startTestServer, type TestServer } from '../support/server';

describe('input limits and error bodies', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('refuses a body over 16 KiB with 413 and the error body', async () => {
    const api = new QrApi(server.url);
    const login = await api.createLogin();
    const reply = await api.send('POST', `/api/qr/${login.id}/scan`, {
      token: server.mobileToken('alice'),
      json: { padding: 'x'.repeat(20 * 1024) },
    });
    expect(reply).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    expect((await api.status(login.id, login.secret)).body.state).toBe('pending');
  });

  it('refuses malformed JSON with 400', async () => {
    const api = new QrApi(server.url);
    const login = await api.createLogin();
    const reply = await api.send('POST', `/api/qr/${login.id}/scan`, {
      token: server.mobileToken('alice'),
      headers: { 'content-type': 'application/json' },
      body: '{"oops',
    });
    expect(reply).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
  });

  it('answers unknown endpoints with a JSON 404', async () => {
    const reply = await new QrApi(server.url).send('GET', '/api/nothing-here');
    expect(reply).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('serves Prometheus metrics that count logins and transitions', async () => {
    const api = new QrApi(server.url);
    const login = await api.createLogin();
    await api.scan(login.id, server.mobileToken('alice'));
    const metrics = await api.send('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/qr_logins_created_total [1-9]/);
    expect(metrics.text).toMatch(/qr_login_transitions_total\{state="scanned"\} [1-9]/);
    expect(metrics.text).toMatch(/qr_http_request_duration_seconds_bucket/);
  });
});

describe('a QR login lives for QR_TTL_SECONDS', () => {
  it('is gone (404) for everyone once its TTL has passed', async () => {
    const server = await startTestServer({ QR_TTL_SECONDS: '1' });
    try {
      const api = new QrApi(server.url);
      const login = await api.createLogin();
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
