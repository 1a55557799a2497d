import { availableParallelism } from 'node:os';
import { QrLogin } from '../../client/browser/qr-login';
import type { Transport } from '../../client/browser/status-watcher';
import type { SessionGrant } from '../../client/shared/wire-types';
import { signHs256MobileToken } from '../../server/auth/mobile-tokens';
import { connectBrowser, type WaitingBrowser } from '../support/browser-socket';
import { expectStatus } from '../support/contract-checks';
import { startHttpGate } from '../support/http-gate';
import { QrApi } from '../support/qr-api';
import { phoneFollowingSdk } from '../support/sdk-phone';
import { TEST_MOBILE_JWT_SECRET } from '../support/server';
import { type ServerProcess, startServerProcess } from '../support/server-process';
import { type PinnedWorker, pinEveryWorker } from '../support/worker-pins';

/** Resolves once `count` workers have logged that they listen; returns their process ids. */
async function workersListening(server: ServerProcess, count: number): Promise<Set<number>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const pids = new Set(
      server.logs.filter((line) => line.includes('listening')).map((line) => Number(/"pid":(\d+)/.exec(line)?.[1])),
    );
    if (pids.size >= count) return pids;
    if (Date.now() > deadline)
      throw new Error(`only ${pids.size} of ${count} workers listen:\n${server.logs.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The browser SDK (in Node) signs in through `baseUrl` while a phone confirms; resolves with how it waited. */
function signIn(
  baseUrl: string,
  serviceUrl: string,
  user: string,
): Promise<{ session: SessionGrant; transports: Transport[] }> {
  const transports: Transport[] = [];
  const phone = phoneFollowingSdk(new QrApi(serviceUrl), signHs256MobileToken(TEST_MOBILE_JWT_SECRET, { sub: user }));
  return new Promise((resolve, reject) => {
    const sdk = new QrLogin({
      baseUrl,
      autoRenew: false,
      pollIntervalMs: 250,
      connectTimeoutMs: 2_000,
      onError: reject,
      onTransport: (transport) => transports.push(transport),
      onSignedIn: (session) => resolve({ session, transports }),
      onQr: phone.onQr,
      onState: phone.onState,
    });
    void sdk.start();
  });
}

describe('WORKERS=auto: one process per core on one port', () => {
  let server: ServerProcess;
  let pids: Set<number>;
  beforeAll(async () => {
    server = await startServerProcess({
      WORKERS: 'auto',
      // The pinned clients below keep one connection to each worker for the whole file.
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000',
      RATE_LIMIT_SOCKET_CONNECTS_PER_MINUTE: '0',
      RATE_LIMIT_POLLS_PER_MINUTE: '0',
    });
    pids = await workersListening(server, availableParallelism());
  }, 60_000);
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('runs one full instance per core, none of them the supervisor', () => {
    expect(pids.size).toBe(availableParallelism());
    expect(pids.has(server.child.pid!)).toBe(availableParallelism() === 1);
  });

  // The SDK needs no sticky sessions: it waits over WebSocket only (one connection, one worker), and when
  // WebSocket is refused it polls the status over plain HTTP, which any worker answers from Redis.
  it.each([
    ['everything allowed', 'socket', {}],
    ["Socket.IO's long-polling blocked", 'socket', { socketIoPolling: true }],
    ['WebSocket blocked', 'polling', { webSocket: true }],
  ] as const)(
    'signs a browser in with %s, waiting by %s',
    async (_name, transport, block) => {
      const gate = await startHttpGate(server.url, block);
      try {
        const { session, transports } = await signIn(gate.url, server.url, `worker-user-${transport}`);
        expect(session.user.id).toBe(`worker-user-${transport}`);
        expect(transports.at(-1)).toBe(transport);
      } finally {
        await gate.close();
      }
    },
    30_000,
  );

  // A login lives in Redis, not in the worker that made it: created through one worker, scanned and confirmed
  // through another, its browser hears it on whichever worker holds its socket, and every worker answers its status.
  describe('a login created through one worker and confirmed through another', () => {
    let workers: PinnedWorker[];
    const phone = signHs256MobileToken(TEST_MOBILE_JWT_SECRET, { sub: 'cross-worker-user' });
    beforeAll(async () => {
      workers = await pinEveryWorker(server, pids);
    });
    afterAll(() => {
      for (const worker of workers) worker.close();
    });

    async function confirmThrough(worker: PinnedWorker, id: string): Promise<void> {
      expectStatus(await worker.api.scan(id, phone), 200);
      expectStatus(await worker.api.confirm(id, phone), 200);
    }

    it.each([
      ['allowed', {}],
      ['blocked', { socketIoPolling: true }],
    ] as const)(
      "is pushed to its browser on every worker, Socket.IO's long-polling %s",
      async (_name, block) => {
        const [creator, confirmer] = [workers[0]!, workers.at(-1)!];
        const gate = await startHttpGate(server.url, block);
        const before = await Promise.all(workers.map((worker) => worker.socketsHeld()));
        const logins = await Promise.all(
          Array.from({ length: 2 * workers.length }, () => creator.api.createLogin({ query: '?image=none' })),
        );
        const browsers: WaitingBrowser[] = [];
        try {
          // One new connection after another: node:cluster hands them to the workers in turn.
          for (const login of logins)
            browsers.push(await connectBrowser(gate.url, { id: login.id, secret: login.secret }));
          const after = await Promise.all(workers.map((worker) => worker.socketsHeld()));
          for (const [index, held] of after.entries()) expect(held).toBeGreaterThan(before[index]!);
          for (const login of logins) await confirmThrough(confirmer, login.id);
          await Promise.all(browsers.map((browser) => browser.waitForState('confirmed')));
        } finally {
          for (const browser of browsers) browser.close();
          await gate.close();
        }
      },
      30_000,
    );

    it('is read as confirmed through every worker, as a browser without WebSocket polls it', async () => {
      const login = await workers[0]!.api.createLogin({ query: '?image=none' });
      await confirmThrough(workers.at(-1)!, login.id);
      for (const worker of workers)
        expect((await worker.api.status(login.id, login.secret)).body).toMatchObject({ state: 'confirmed' });
    });
  });

  it('stops every worker and exits 0 on SIGTERM', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
