/**
 * Cross-site creates (threat model T14): a page on any site could send "simple" POSTs (no preflight) to
 * `POST /api/qr` from its visitors' browsers and spend their address's allowance, locking out a whole NAT.
 */
import { startTestServer, type TestServer } from '../support/server';

const FRIEND = 'https://friend.example';
const EVIL = 'https://evil.example';
const ALLOWANCE = 3;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ CORS_ORIGINS: FRIEND, RATE_LIMIT_CREATE_PER_MINUTE: String(ALLOWANCE) });
});
afterAll(() => server.close());

const create = (headers: Record<string, string>, body?: string) =>
  fetch(`${server.url}/api/qr?image=none`, { method: 'POST', headers, body });
const json = { 'content-type': 'application/json' };

test('creates from a foreign origin are refused and spend none of the address allowance', async () => {
  for (let n = 0; n < ALLOWANCE + 2; n++) {
    const simple = await create({ origin: EVIL, 'content-type': 'text/plain' }, '{}');
    expect(simple.status).toBe(403);
    expect((await simple.json()).error.code).toBe('forbidden');
    expect((await create({ origin: EVIL, ...json }, '{}')).status).toBe(403);
    expect((await create({ origin: 'null', ...json }, '{}')).status).toBe(403);
  }
  expect((await create({ origin: FRIEND, ...json }, '{}')).status).toBe(201);
  expect((await create({ origin: server.url, ...json }, '{}')).status).toBe(201);
});

test('a create must be JSON, which a browser sends across sites only after a preflight', async () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const simple = await create({ 'content-type': type }, '{}');
    expect(simple.status).toBe(400);
    expect((await simple.json()).error.message).toMatch(/application\/json/);
  }
  expect((await create({})).status).toBe(400);
});
