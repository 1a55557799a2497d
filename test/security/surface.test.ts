/**
 * The surface a hostile web page sees (threat model T2, T11): pages cannot be framed and run no inline script,
 * API answers are not cached or sniffed, CORS and the socket Origin check admit only listed origins.
 */
import crypto from 'node:crypto';
import { io } from 'socket.io-client';
import { expectStatus } from '../support/contract-checks';
import { QrApi } from '../support/qr-api';
import { subscribe } from '../support/qr-socket';
import { startTestServer, type TestServer } from '../support/server';

const FRIEND = 'https://friend.example';
const EVIL = 'https://evil.example';
let server: TestServer;
let api: QrApi;

beforeAll(async () => {
  server = await startTestServer({ CORS_ORIGINS: FRIEND });
  api = new QrApi(server.url);
});

afterAll(async () => {
  await server?.close();
});

test('the login and phone pages forbid framing and inline script', async () => {
  for (const path of ['/', `/scan/${crypto.randomUUID()}`]) {
    const page = await api.send('GET', path);
    expectStatus(page, 200);
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  }
});

test('API answers are never cached or sniffed', async () => {
  const login = await api.createLogin();
  for (const exchange of [await api.create(), await api.status(login.id, login.secret), await api.status(login.id)]) {
    expect(exchange.headers['cache-control']).toMatch(/no-store/);
    expect(exchange.headers['x-content-type-options']).toBe('nosniff');
  }
});

test('CORS admits only the configured origins', async () => {
  const preflight = (origin: string) =>
    api.send('OPTIONS', '/api/qr', {
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-qr-secret' },
    });
  expect((await preflight(FRIEND)).headers['access-control-allow-origin']).toBe(FRIEND);
  expect((await preflight(EVIL)).headers['access-control-allow-origin']).toBeUndefined();
  const created = await api.create({ headers: { origin: EVIL } });
  expect(created.headers['access-control-allow-origin']).toBeUndefined();
});

test('a socket from a foreign origin is refused even with the right secret (WebSocket hijacking)', async () => {
  const login = await api.createLogin();
  for (const transport of ['websocket', 'polling'] as const) {
    const evil = await subscribe(
      server.url,
      { id: login.id, secret: login.secret },
      { transports: [transport], extraHeaders: { origin: EVIL } },
    );
    if (evil.kind === 'subscribed') evil.subscription.close();
    expect(evil.kind).toBe('refused');
    const friend = await subscribe(
      server.url,
      { id: login.id, secret: login.secret },
      { transports: [transport], extraHeaders: { origin: FRIEND } },
    );
    if (friend.kind !== 'subscribed') throw new Error(`listed origin refused over ${transport}: ${friend.code}`);
    friend.subscription.close();
  }
});

test('the default namespace holds no sockets', async () => {
  const socket = io(server.url, { forceNew: true, reconnection: false, transports: ['websocket'] });
  const refusal = await new Promise<{ code?: unknown }>((resolve) => {
    socket.once('connect', () => resolve({ code: 'connected' }));
    socket.once('connect_error', (error: Error & { data?: { code?: unknown } }) => resolve({ code: error.data?.code }));
  });
  socket.disconnect();
  expect(refusal.code).toBe('not_found');
});
