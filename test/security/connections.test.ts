/**
 * Connection floods (threat model T14, T17, T20): silent TCP connections, more connections than the cap, one
 * address holding many, Engine.IO sessions that never join `/qr`, and handshakes in bulk from one address.
 * Other clients are other loopback addresses (all of 127.0.0.0/8 is this machine).
 */
import { Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { connectionBudget, openFileSoftLimit } from '../../server/http/connection-budget';
import { eventually } from '../support/eventually';
import { request } from '../support/http-request';
import { startTestServer, type TestServer, withTestServer } from '../support/server';

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

function openSilent(to = server, from = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: to.port, host: '127.0.0.1', localAddress: from }, () => resolve(socket));
    socket.on('error', reject);
  });
}

/** `count` silent connections from `from`, each noted as closed when the server drops it. */
async function openMany(to: TestServer, from: string, count: number): Promise<{ sockets: Socket[]; open(): number }> {
  const sockets = await Promise.all(Array.from({ length: count }, () => openSilent(to, from)));
  for (const socket of sockets) {
    socket.on('error', () => {});
    socket.resume();
  }
  return { sockets, open: () => sockets.filter((socket) => !socket.destroyed && !socket.readableEnded).length };
}

/** A client of its own at another loopback address. */
const clientAt = (from: string) => new Agent({ localAddress: from, keepAlive: false });

const healthFrom = (to: TestServer, from: string) =>
  request(to.url, 'GET', '/healthz', { agent: clientAt(from) }).then(
    (answer) => answer.status,
    () => 0,
  );

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
  // From four addresses, each within its share (a quarter of the cap), so the cap itself is what is reached.
  const silent = (
    await Promise.all(['127.0.0.11', '127.0.0.12', '127.0.0.13', '127.0.0.14'].map((from) => openMany(capped, from, 5)))
  ).flatMap((group) => group.sockets);
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

describe('one address holding connections (T20)', () => {
  const LIMITS = { MAX_CONNECTIONS: '40', HTTP_HEADERS_TIMEOUT_MS: '10000' };

  test('one address opening more than the whole cap keeps a quarter of it; health checks and others still answer', async () => {
    await withTestServer(LIMITS, async (target) => {
      const flood = await openMany(target, '127.0.0.1', 60);
      try {
        // Past its share the address's connections are closed as they come, long before any timeout.
        await eventually(async () => flood.open() <= 10, 2_000);
        const health = await Promise.all(Array.from({ length: 10 }, () => healthFrom(target, '127.0.0.3')));
        expect(health).toEqual(Array(10).fill(200));
        const create = await request(target.url, 'POST', '/api/qr?image=none', {
          json: {},
          agent: clientAt('127.0.0.2'),
        });
        expect(create.status).toBe(201);
        expect(flood.open()).toBe(10);
      } finally {
        for (const socket of flood.sockets) socket.destroy();
      }
    });
  });

  test('MAX_CONNECTIONS_PER_ADDRESS=0 lifts the share, for offices behind one address', async () => {
    await withTestServer({ ...LIMITS, MAX_CONNECTIONS_PER_ADDRESS: '0' }, async (target) => {
      const office = await openMany(target, '127.0.0.1', 30);
      try {
        expect((await request(target.url, 'GET', '/healthz')).status).toBe(200);
        expect(office.open()).toBe(30);
      } finally {
        for (const socket of office.sockets) socket.destroy();
      }
    });
  });

  test('silent connections in the health-check reserve are closed within a second, so health checks get in', async () => {
    await withTestServer(LIMITS, async (target) => {
      // The cap filled from four addresses within their share, then the 16 reserve places by two more.
      const groups = await Promise.all(
        ['127.0.0.21', '127.0.0.22', '127.0.0.23', '127.0.0.24'].map((from) => openMany(target, from, 10)),
      );
      groups.push(...(await Promise.all(['127.0.0.25', '127.0.0.26'].map((from) => openMany(target, from, 8)))));
      try {
        await eventually(async () => (await healthFrom(target, '127.0.0.3')) === 200, 3_000);
        // The connections within the cap keep their ordinary wait for a first byte.
        expect(groups.slice(0, 4).reduce((sum, group) => sum + group.open(), 0)).toBe(40);
      } finally {
        for (const socket of groups.flatMap((group) => group.sockets)) socket.destroy();
      }
    });
  });

  test('a silent connection is closed after the first-byte wait, well before the headers timeout', async () => {
    await withTestServer({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_FIRST_BYTE_TIMEOUT_MS: '1000' }, async (target) => {
      const socket = await openSilent(target);
      const started = Date.now();
      await closed(socket);
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });
});

describe('the connection cap against the open-file limit', () => {
  test('reads the soft open-file limit of this process', () => {
    const limit = openFileSoftLimit();
    // Linux has /proc/self/limits; elsewhere the check is skipped (undefined).
    if (process.platform === 'linux') expect(limit).toBeGreaterThan(0);
  });

  test('a cap that fits is kept as it is', () => {
    expect(connectionBudget(10_000, 20_000)).toEqual({ maxConnections: 10_000 });
  });

  test('a cap that does not fit is lowered to what does, with one warning line naming both numbers', () => {
    const budget = connectionBudget(10_000, 1024);
    expect(budget.maxConnections).toBeLessThan(1024 - 16);
    expect(budget.maxConnections).toBeGreaterThan(800);
    expect(budget.warning).toMatch(/MAX_CONNECTIONS=10000 .*open-file limit of 1024.*using \d+/);
    expect(budget.warning).not.toMatch(/\n/);
  });

  test('a server started with a cap above the limit still starts and answers', async () => {
    await withTestServer({ MAX_CONNECTIONS: '1000000' }, async (target) => {
      expect((await request(target.url, 'GET', '/healthz')).status).toBe(200);
    });
  });
});
