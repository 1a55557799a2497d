import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatusBody } from '../../server/wire';
import { connectBrowser, connectRefused } from '../support/browser-socket';
import { confirmOverPush } from '../support/flows';
import { QrApi } from '../support/qr-api';
import { engineSlug, redisEngines } from '../support/redis-engines';
import { startTestServer, type TestServer } from '../support/server';

describe.each(redisEngines())('a browser waiting on Socket.IO, on %s', (_engine, redis) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(redis);
  });
  afterAll(() => server.close());

  it('gets the state at once, then scanned (with name and picture), confirmed and consumed, then is let go', async () => {
    const api = new QrApi(server.url);
    const login = await api.createLogin();
    const browser = await connectBrowser(server.url, { id: login.id, secret: login.secret });
    expect(await browser.waitForState('pending')).toMatchObject({ id: login.id, version: 1 });

    const alice = server.mobileToken('alice', { name: 'Alice', picture: 'https://example.test/alice.png' });
    const scan = await api.scan(login.id, alice);
    expect(await browser.waitForState('scanned')).toEqual({
      id: login.id,
      state: 'scanned',
      version: 2,
      expiresAt: scan.body.expiresAt,
      user: { name: 'Alice', picture: 'https://example.test/alice.png' },
      checkCode: expect.stringMatching(/^[1-9]\d$/), // the number to show, pushed only to the browser
    });
    await api.confirm(login.id, alice);
    expect((await browser.waitForState('confirmed')).version).toBe(3);

    const disconnected = new Promise((resolve) => browser.socket.once('disconnect', resolve));
    await api.token(login.id, login.secret);
    expect((await browser.waitForState('consumed')).version).toBe(4);
    expect(await disconnected).toBe('io server disconnect');
    expect(browser.states.map((s) => s.version)).toEqual([1, 2, 3, 4]);
  });

  it('refuses a wrong secret as forbidden and an unknown or malformed id as not_found', async () => {
    const api = new QrApi(server.url);
    const login = await api.createLogin();
    const other = await api.createLogin();
    expect(await connectRefused(server.url, { id: login.id, secret: other.secret })).toBe('forbidden');
    expect(await connectRefused(server.url, { id: login.id })).toBe('forbidden');
    expect(await connectRefused(server.url, { id: '5a0c3e1f-7b2d-4c8e-9f6a-1b2c3d4e5f60', secret: login.secret })).toBe(
      'not_found',
    );
    expect(await connectRefused(server.url, { id: 'room-of-someone-else', secret: login.secret })).toBe('not_found');
    expect(await connectRefused(server.url, {})).toBe('not_found');
  });

  it('gets the current state again on reconnect, so a change made while it was away is not lost', async () => {
    const api = new QrApi(server.url);
    const login = await api.createLogin();
    const first = await connectBrowser(server.url, { id: login.id, secret: login.secret });
    await first.waitForState('pending');
    first.close();
    const alice = server.mobileToken('alice');
    await api.scan(login.id, alice);
    await api.confirm(login.id, alice);
    const again = await connectBrowser(server.url, { id: login.id, secret: login.secret });
    expect(await again.waitForState('confirmed')).toMatchObject({ version: 3 });
    expect(again.states).toHaveLength(1);
    again.close();
  });

  it('is pushed "expired" when the QR login runs out', async () => {
    const shortLived = await startTestServer({ ...redis, QR_TTL_SECONDS: '1' });
    try {
      const login = await new QrApi(shortLived.url).createLogin();
      const browser = await connectBrowser(shortLived.url, { id: login.id, secret: login.secret });
      const expired = await browser.waitForState('expired', 3_000);
      expect(expired).toMatchObject({ id: login.id, version: 2 });
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(login.expiresAt));
    } finally {
      await shortLived.close();
    }
  });

  it('two sockets of one login both get every change, each exactly once', async () => {
    const api = new QrApi(server.url);
    const login = await api.createLogin();
    const tabs = await Promise.all(
      [1, 2].map(() => connectBrowser(server.url, { id: login.id, secret: login.secret })),
    );
    await api.scan(login.id, server.mobileToken('bob'));
    for (const tab of tabs) await tab.waitForState('scanned');
    for (const tab of tabs) expect(tab.states.map((s) => s.state)).toEqual(['pending', 'scanned']);
    for (const tab of tabs) tab.close();
  });
});

describe('the embedded store pushes too (no Redis)', () => {
  it('runs the whole flow on one instance', async () => {
    const server = await startTestServer({ REDIS_URL: '' });
    try {
      const browser = await confirmOverPush(server);
      expect(browser.states.map((s) => s.state)).toEqual(['pending', 'scanned', 'confirmed']);
      browser.close();
    } finally {
      await server.close();
    }
  });
});

describe.each(redisEngines())('three instances on %s act as one', (engine, redis) => {
  let instances: TestServer[];
  beforeAll(async () => {
    const first = await startTestServer(redis);
    const prefix = first.env.REDIS_KEY_PREFIX!;
    instances = [
      first,
      await startTestServer({ ...redis, REDIS_KEY_PREFIX: prefix }),
      await startTestServer({ ...redis, REDIS_KEY_PREFIX: prefix }),
    ];
  });
  afterAll(() => Promise.all(instances.map((s) => s.close())));

  it('pushes to 60 browsers on one instance what 60 phones do on others, with no cross-talk', async () => {
    const [home, ...others] = instances;
    const logins = await Promise.all(
      Array.from({ length: 60 }, (_, n) => new QrApi(instances[n % 3]!.url).createLogin()),
    );
    const browsers = await Promise.all(
      logins.map((login, n) => connectBrowser(instances[(n + 1) % 3]!.url, { id: login.id, secret: login.secret })),
    );
    await Promise.all(browsers.map((browser) => browser.waitForState('pending')));

    await Promise.all(
      logins.map(async (login, n) => {
        const phone = new QrApi(instances[n % 3]!.url);
        const user = home!.mobileToken(`user-${n}`, { name: `User ${n}` });
        await phone.scan(login.id, user);
        expect((await browsers[n]!.waitForState('scanned')).user).toEqual({ name: `User ${n}` });
        await phone.confirm(login.id, user);
        await browsers[n]!.waitForState('confirmed');
      }),
    );

    browsers.forEach((browser, n) => {
      expect(browser.states.every((status: StatusBody) => status.id === logins[n]!.id)).toBe(true);
      expect(browser.states.map((s) => s.state)).toEqual(['pending', 'scanned', 'confirmed']);
      browser.close();
    });
    expect(others).toHaveLength(2);
  });

  it('pushes a confirm made on one instance to a browser on another within milliseconds (recorded, one at a time)', async () => {
    const [sockets, phones] = instances;
    const api = new QrApi(phones!.url);
    const latencies: number[] = [];
    for (let n = 0; n < 40; n++) {
      const login = await api.createLogin();
      const browser = await connectBrowser(sockets!.url, { id: login.id, secret: login.secret });
      const user = phones!.mobileToken(`timed-${n}`);
      await api.scan(login.id, user);
      await browser.waitForState('scanned');
      const sent = performance.now();
      const confirmed = browser.waitForState('confirmed');
      await api.confirm(login.id, user);
      await confirmed;
      latencies.push(performance.now() - sent);
      browser.close();
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    const summary = { engine, samples: latencies.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: latencies.at(-1) };
    mkdirSync(join(__dirname, '..', '..', 'test-artifacts'), { recursive: true });
    writeFileSync(
      join(__dirname, '..', '..', 'test-artifacts', `push-latency-${engineSlug(redis)}.json`),
      JSON.stringify(summary, null, 2),
    );
  });
});
