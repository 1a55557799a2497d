import { availableParallelism } from 'node:os';
import { QrLogin } from '../../client/browser/qr-login';
import type { Transport } from '../../client/browser/status-watcher';
import type { SessionGrant } from '../../client/shared/wire-types';
import { signHs256MobileToken } from '../../server/auth/mobile-tokens';
import { startHttpGate } from '../support/http-gate';
import { QrApi } from '../support/qr-api';
import { TEST_MOBILE_JWT_SECRET } from '../support/server';
import { type ServerProcess, startServerProcess } from '../support/server-process';

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
  let phoneStarted = false;
  return new Promise((resolve, reject) => {
    const sdk = new QrLogin({
      baseUrl,
      autoRenew: false,
      pollIntervalMs: 250,
      connectTimeoutMs: 2_000,
      onError: reject,
      onTransport: (transport) => transports.push(transport),
      onSignedIn: (session) => resolve({ session, transports }),
      onState: (status) => {
        if (status.state !== 'pending' || phoneStarted) return;
        phoneStarted = true;
        const phone = new QrApi(serviceUrl);
        const token = signHs256MobileToken(TEST_MOBILE_JWT_SECRET, { sub: user });
        void phone.scan(status.id, token).then(() => phone.confirm(status.id, token));
      },
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
      CHECK_CODE: 'off',
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

  it('stops every worker and exits 0 on SIGTERM', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
