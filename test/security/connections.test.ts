/**
 * Connection floods (threat model T14): silent TCP connections, more connections than the cap, Engine.IO
 * sessions that never join `/qr`, and handshakes in bulk from one address.
 */
import { connect, type Socket } from 'node:net';
import { startTestServer, type TestServer } from '../support/server';

const MAX_CONNECTIONS = 20;
let server: TestServer;
let capped: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    HTTP_HEADERS_TIMEOUT_MS: '1000',
    SOCKET_JOIN_TIMEOUT_MS: '1000',
    RATE_LIMIT_SOCKET_CONNECTS_PER_MINUTE: '3',
  });
  capped = await startTestServer({ MAX_CONNECTIONS: String(MAX_CONNECTIONS) });
});
afterAll(() => Promise.all([server.close(), capped.close()]));

function openSilent(to = server): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(to.port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Reads (and drops) whatever the server says, such as a 408, so that its close is seen. */
const closed = (socket: Socket) =>
  new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.resume();
  });

/** An Engine.IO handshake over long-polling, as any client makes before it joins a namespace. */
const handshake = () => fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);

test('a connection that sends nothing is closed after the headers timeout', async () => {
  const socket = await openSilent();
  const started = Date.now();
  await closed(socket);
  // Node checks the timeouts on an interval: closed within the timeout plus one check.
  expect(Date.now() - started).toBeLessThan(5_000);
});

test('a connection that starts its headers and never ends them is closed after the headers timeout', async () => {
  const socket = await openSilent();
  socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
  const started = Date.now();
  await closed(socket);
  expect(Date.now() - started).toBeLessThan(5_000);
});

test('past the connection cap, requests are refused while health checks are still answered', async () => {
  const silent = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => openSilent(capped)));
  try {
    const health = await fetch(`${capped.url}/healthz`);
    expect(health.status).toBe(200);
    const create = await fetch(`${capped.url}/api/qr?image=none`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(create.status).toBe(503);
    expect((await create.json()).error.code).toBe('unavailable');
  } finally {
    for (const socket of silent) socket.destroy();
  }
});

test('an Engine.IO session that does not join /qr is closed within the join timeout', async () => {
  const opened = await handshake();
  expect(opened.status).toBe(200);
  const sid = /"sid":"([^"]+)"/.exec(await opened.text())?.[1];
  const started = Date.now();
  // The long poll is held until the server has something to say: the close packet ("1"), not a ping.
  const poll = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`);
  expect(await poll.text()).toBe('1');
  expect(Date.now() - started).toBeLessThan(5_000);
});

test('Engine.IO handshakes are counted per address before any namespace is joined, at twice the join allowance', async () => {
  const statuses: number[] = [];
  for (let n = 0; n < 8; n++) statuses.push((await handshake()).status);
  expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(6);
  expect(statuses.at(-1)).toBe(403);
});
