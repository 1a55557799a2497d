import type Redis from 'ioredis';
import type { TokenBody } from '../../server/wire';
import { connectBrowser, type WaitingBrowser } from './browser-socket';
import { expectStatus } from './contract-checks';
import { QrApi } from './qr-api';
import type { TestServer } from './server';

/**
 * The whole happy path over push on one server: a browser creates a login and waits on its socket, alice's
 * phone scans and confirms. Resolves with the browser once it was pushed "confirmed" (the caller closes it).
 */
/**
 * Thirty browsers wait on `sockets` while their logins are scanned and confirmed through `phones`, and every
 * `killEveryMs` the pub/sub clients of `admins` are killed. Resolves with the browsers once each was pushed
 * "confirmed" within `timeoutMs` (the caller closes them), having checked the subscriptions were really killed.
 */
export async function confirmWhileKillingSubscribers(
  sockets: TestServer,
  phones: TestServer,
  admins: Redis[],
  killEveryMs: number,
  timeoutMs: number,
): Promise<WaitingBrowser[]> {
  const api = new QrApi(phones.url);
  const logins = await Promise.all(Array.from({ length: 30 }, () => api.createLogin()));
  const browsers = await Promise.all(
    logins.map((login) => connectBrowser(sockets.url, { id: login.id, secret: login.secret })),
  );
  await Promise.all(browsers.map((browser) => browser.waitForState('pending')));
  let kills = 0;
  const killer = setInterval(() => {
    kills += 1;
    for (const admin of admins) void admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub').catch(() => undefined);
  }, killEveryMs);
  try {
    for (const [n, login] of logins.entries()) {
      const user = phones.mobileToken(`user-${n}`);
      expectStatus(await api.scan(login.id, user), 200);
      expectStatus(await api.confirm(login.id, user), 200);
    }
    await Promise.all(browsers.map((browser) => browser.waitForState('confirmed', timeoutMs)));
  } finally {
    clearInterval(killer);
  }
  if (kills <= 3) throw new Error(`the subscriptions were killed only ${kills} times`);
  return browsers;
}

export async function confirmOverPush(server: TestServer): Promise<WaitingBrowser> {
  const api = new QrApi(server.url);
  const login = await api.createLogin();
  const browser = await connectBrowser(server.url, { id: login.id, secret: login.secret });
  const alice = server.mobileToken('alice');
  await api.scan(login.id, alice);
  await api.confirm(login.id, alice);
  await browser.waitForState('confirmed');
  return browser;
}

export interface SignedIn {
  token: string;
  /** The session's id: the token's `jti`. */
  sessionId: string;
}

/**
 * A whole QR login without sockets: a browser (with the given headers on every call) creates, `userId`'s
 * phone scans and confirms, the browser takes the session token.
 */
export async function signIn(
  server: Pick<TestServer, 'url' | 'mobileToken'>,
  userId: string,
  browserHeaders: Record<string, string> = {},
): Promise<SignedIn> {
  const api = new QrApi(server.url);
  const { id, secret } = await api.createLogin({ query: '?image=none', headers: browserHeaders });
  const phone = server.mobileToken(userId);
  expectStatus(await api.scan(id, phone), 200);
  expectStatus(await api.confirm(id, phone), 200);
  const exchanged = await api.send<TokenBody>('POST', `/api/qr/${id}/token`, { secret, headers: browserHeaders });
  const { token } = expectStatus(exchanged, 200) as TokenBody;
  const { jti } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string };
  return { token, sessionId: jti };
}
