/**
 * Logs (threat model T2, T8): a full run at the most verbose level, including refusals and failures, never writes
 * a browser secret, a mobile token or a session token; every transition leaves one audit line naming the login.
 * The server runs as `npm start` does, in its own process, so every line it writes is read here.
 */
import { signHs256MobileToken } from '../../server/auth/mobile-tokens';
import { expectStatus } from '../support/contract-checks';
import { forgedMobileTokens } from '../support/forged-tokens';
import { QrApi } from '../support/qr-api';
import { subscribe } from '../support/qr-socket';
import { TEST_MOBILE_JWT_SECRET, TEST_SESSION_JWT_SECRET } from '../support/server';
import { type ServerProcess, startServerProcess } from '../support/server-process';

let server: ServerProcess;
let lines: string[];
let baseUrl: string;

beforeAll(async () => {
  server = await startServerProcess({ LOG_LEVEL: 'trace' });
  lines = server.logs;
  baseUrl = server.url;
}, 30000);

afterAll(async () => {
  if (server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
});

function parse(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

test('a full run with refusals and failures logs no secret or token, and audits every transition', async () => {
  const api = new QrApi(baseUrl);
  const phone = signHs256MobileToken(TEST_MOBILE_JWT_SECRET, { sub: 'alice', name: 'User alice' });
  const login = await api.createLogin();
  const socket = await subscribe(baseUrl, { id: login.id, secret: login.secret });
  if (socket.kind !== 'subscribed') throw new Error('refused');
  // Refusals and a failing request carry the secrets in headers, where a careless request logger would print them.
  await api.status(login.id, `${login.secret.slice(0, -1)}x`);
  await api.send('POST', `/api/qr/${login.id}/scan`, {
    headers: {
      authorization: `Bearer ${phone}`,
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'x-qr-secret': login.secret,
    },
    body: 'not gzip',
  });
  for (const [, forged] of forgedMobileTokens(TEST_MOBILE_JWT_SECRET, 'alice').slice(0, 5))
    await api.scan(login.id, forged);
  expectStatus(await api.scan(login.id, phone), 200);
  expectStatus(await api.confirm(login.id, phone), 200);
  const { token } = expectStatus(await api.token(login.id, login.secret), 200) as { token: string };
  await socket.subscription.waitFor((push) => push.state === 'consumed');
  socket.subscription.close();
  const other = await api.createLogin();
  expectStatus(await api.cancel(other.id, other.secret), 204);

  // The last transition's audit line is the sync point: everything before it has been written.
  const audited = () => lines.map(parse).filter((line) => line?.id === other.id && line?.state === 'cancelled');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no audit line for the cancel')), 5000);
    const check = () => {
      if (audited().length === 0) return void server.child.stdout!.once('data', check);
      clearTimeout(timer);
      resolve();
    };
    check();
  });

  const log = lines.join('\n');
  for (const [name, value] of [
    ['browser secret', login.secret],
    ['second browser secret', other.secret],
    ['mobile token', phone],
    ['mobile token signature', phone.split('.')[2]!],
    ['session token', token],
    ['session token signature', token.split('.')[2]!],
    ['mobile key', TEST_MOBILE_JWT_SECRET],
    ['session key', TEST_SESSION_JWT_SECRET],
  ] as const) {
    expect([name, log.includes(value)]).toEqual([name, false]);
  }
  const transitions = lines
    .map(parse)
    .filter((line) => line?.id === login.id)
    .map((line) => line?.state);
  expect(transitions).toEqual(expect.arrayContaining(['pending', 'scanned', 'confirmed', 'consumed']));
  const scanned = lines.map(parse).find((line) => line?.id === login.id && line?.state === 'scanned');
  expect(scanned).toMatchObject({ userId: 'alice', ip: '127.0.0.1' });
});
