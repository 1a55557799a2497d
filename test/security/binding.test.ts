/**
 * Who may do what (threat model T1, T2, T5, T6, T8, T9): the QR id alone gives nothing, identity comes only from
 * the verified mobile token, the first scanner owns the login, and no step can be skipped.
 */
import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { expectRefusal, expectStatus } from '../support/contract-checks';
import { QrApi } from '../support/qr-api';
import { subscribe } from '../support/qr-socket';
import {
  TEST_SESSION_JWT_SECRET as SESSION_SECRET,
  startTestServer,
  type TestServer,
  withTestServer,
} from '../support/server';

let server: TestServer;
let api: QrApi;
const tokenOf = (user: string): string =>
  server.mobileToken(user, { name: `User ${user}`, picture: `https://pictures.example/${user}.png` });
const sessionClaims = (token: string) => jwt.verify(token, SESSION_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;

beforeAll(async () => {
  server = await startTestServer();
  api = new QrApi(server.url);
});

afterAll(async () => {
  await server?.close();
});

describe('T2 session spying: someone who sees the QR', () => {
  test('cannot read the status, join the push room, take the token or cancel, even once confirmed', async () => {
    const login = await api.createLogin();
    expectStatus(await api.scan(login.id, tokenOf('alice')), 200);
    expectStatus(await api.confirm(login.id, tokenOf('alice')), 200);
    // Everything the spy has is what the QR shows.
    const seen = [undefined, login.id, login.content, '', crypto.randomBytes(32).toString('base64url')];
    for (const guess of seen) {
      for (const exchange of [
        await api.status(login.id, guess),
        await api.token(login.id, guess),
        await api.cancel(login.id, guess),
      ]) {
        expectRefusal(exchange, 403);
        // T8: a refusal reveals neither the state nor who scanned.
        expect(exchange.text).not.toMatch(/confirmed|alice|pictures\.example/);
      }
      const socket = await subscribe(server.url, { id: login.id, secret: guess });
      if (socket.kind === 'subscribed') socket.subscription.close();
      expect(socket).toMatchObject({ kind: 'refused', code: 'forbidden' });
    }
    // The real browser is unaffected and gets the one token.
    const { token } = expectStatus(await api.token(login.id, login.secret), 200) as { token: string };
    expect(sessionClaims(token).sub).toBe('alice');
  });

  test('the secret is never in the QR content, the image or any response header', async () => {
    const exchange = await api.create();
    const body = expectStatus(exchange, 201) as { secret: string; content: string; image: string };
    expect(body.content).not.toContain(body.secret);
    const image = body.image.startsWith('data:image/svg+xml;base64,')
      ? Buffer.from(body.image.split(',')[1]!, 'base64').toString()
      : decodeURIComponent(body.image);
    expect(image).not.toContain(body.secret);
    expect(JSON.stringify(exchange.headers)).not.toContain(body.secret);
    expect(exchange.headers['cache-control']).toMatch(/no-store/);
    expect(exchange.headers['referrer-policy']).toBe('no-referrer');
  });

  test('before a scan the status names no user; the push carries no token', async () => {
    const login = await api.createLogin();
    const status = expectStatus(await api.status(login.id, login.secret), 200) as Record<string, unknown>;
    expect(status).not.toHaveProperty('user');
    const socket = await subscribe(server.url, { id: login.id, secret: login.secret });
    if (socket.kind !== 'subscribed') throw new Error('refused');
    expectStatus(await api.scan(login.id, tokenOf('bob')), 200);
    expectStatus(await api.confirm(login.id, tokenOf('bob')), 200);
    await socket.subscription.waitFor((push) => push.state === 'confirmed');
    for (const push of socket.subscription.pushes) expect(Object.keys(push).sort()).not.toContain('token');
    socket.subscription.close();
  });
});

describe('T1 relayed QR (QRLJacking): the phone is told who asks', () => {
  test('scan returns the creating browser ip, user agent and creation time', async () => {
    const before = Date.now();
    const login = await api.createLogin({ headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Victim/1.0' } });
    const scan = expectStatus(await api.scan(login.id, tokenOf('alice')), 200) as {
      requester: { ip: string; userAgent: string; createdAt: string };
    };
    expect(scan.requester.ip).toBe('127.0.0.1');
    expect(scan.requester.userAgent).toBe('Mozilla/5.0 (X11; Linux x86_64) Victim/1.0');
    const createdAt = Date.parse(scan.requester.createdAt);
    expect(createdAt).toBeGreaterThanOrEqual(before - 1000);
    expect(createdAt).toBeLessThanOrEqual(Date.now() + 1000);
  });

  test('scan names the browser and OS, the age of the QR, and whether it is on the same network', async () => {
    await withTestServer({ TRUSTED_PROXIES: 'loopback' }, async (proxied) => {
      const proxiedApi = new QrApi(proxied.url);
      const chrome =
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
      const phone = { headers: { 'x-forwarded-for': '198.51.100.77' } };
      const near = await proxiedApi.createLogin({
        headers: { 'user-agent': chrome, 'x-forwarded-for': '198.51.100.20' },
      });
      const nearScan = await proxiedApi.scan(near.id, proxied.mobileToken('alice'), phone);
      expect(nearScan.body.requester).toMatchObject({
        ip: '198.51.100.20',
        browser: 'Chrome 131',
        os: 'Windows 10',
        userAgent: chrome,
      });
      expect(nearScan.body.requester.ageSeconds).toBeGreaterThanOrEqual(0);
      expect(nearScan.body.sameNetwork).toBe(true);

      const far = await proxiedApi.createLogin({ headers: { 'x-forwarded-for': '203.0.113.9' } });
      const farScan = await proxiedApi.scan(far.id, proxied.mobileToken('alice'), phone);
      expect(farScan.body).toMatchObject({ sameNetwork: false, requester: { ip: '203.0.113.9' } });
    });
  });

  test('X-Forwarded-For from a proxy that is not trusted does not change the address the phone is shown', async () => {
    const login = await api.createLogin({ headers: { 'x-forwarded-for': '203.0.113.9' } });
    const scan = await api.scan(login.id, tokenOf('alice'));
    expect(scan.body.requester.ip).toBe('127.0.0.1');
  });
});

describe('T5 identity only from the verified token', () => {
  test('identity fields in bodies and headers are ignored', async () => {
    const login = await api.createLogin();
    const spoof = {
      json: { userId: 'mallory', sub: 'mallory', user: { id: 'mallory' }, name: 'Mallory' },
      headers: { 'x-user-id': 'mallory' },
    };
    const scan = { ...spoof, json: { ...spoof.json, ...(await api.markShown(login.id)) } };
    expectStatus(await api.scan(login.id, tokenOf('alice'), scan), 200);
    const confirm = { ...spoof, json: { ...spoof.json, ...(await api.checkCodeShown(login.id)) } };
    expectStatus(await api.confirm(login.id, tokenOf('alice'), confirm), 200);
    const status = expectStatus(await api.status(login.id, login.secret), 200) as { user: { name: string } };
    expect(status.user.name).toBe('User alice');
    const { token, user } = expectStatus(await api.token(login.id, login.secret), 200) as {
      token: string;
      user: { name: string };
    };
    expect(sessionClaims(token).sub).toBe('alice');
    expect(user.name).toBe('User alice');
  });
});

describe('T9 reverse swap and T7 claiming: the first scanner owns the login', () => {
  test('another user can neither scan, confirm nor deny it', async () => {
    const login = await api.createLogin();
    expectStatus(await api.scan(login.id, tokenOf('alice')), 200);
    for (const call of ['scan', 'confirm', 'deny'] as const)
      expectRefusal(await api[call](login.id, tokenOf('mallory')), 403);
    expectStatus(await api.confirm(login.id, tokenOf('alice')), 200);
    for (const call of ['scan', 'confirm', 'deny'] as const)
      expectRefusal(await api[call](login.id, tokenOf('mallory')), 403);
    const { token } = expectStatus(await api.token(login.id, login.secret), 200) as { token: string };
    expect(sessionClaims(token).sub).toBe('alice');
  });

  test('a second user scanning a claimed QR is refused and counted in the metrics', async () => {
    const refusedScans = async (): Promise<number> => {
      const metrics = await api.metrics();
      return Number(/qr_login_refusals_total\{action="scan",reason="forbidden"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    };
    const login = await api.createLogin();
    expectStatus(await api.scan(login.id, tokenOf('victim')), 200);
    const before = await refusedScans();
    expectRefusal(await api.scan(login.id, tokenOf('second')), 403);
    expect(await refusedScans()).toBe(before + 1);
  });

  test('the scanner may deny, and a denied login gives no token', async () => {
    const login = await api.createLogin();
    expectStatus(await api.scan(login.id, tokenOf('alice')), 200);
    expect(expectStatus(await api.deny(login.id, tokenOf('alice')), 200)).toMatchObject({ state: 'denied' });
    expectRefusal(await api.confirm(login.id, tokenOf('alice')), 409);
    expectRefusal(await api.token(login.id, login.secret), 409);
  });
});

describe('T6 no step can be skipped', () => {
  test('confirm or deny before a scan, and a token before confirm, are conflicts naming the state', async () => {
    const login = await api.createLogin();
    for (const exchange of [
      await api.confirm(login.id, tokenOf('alice')),
      await api.deny(login.id, tokenOf('alice')),
      await api.token(login.id, login.secret),
    ]) {
      expectRefusal(exchange, 409);
      expect(exchange.text).toContain('pending');
    }
    expectStatus(await api.scan(login.id, tokenOf('alice')), 200);
    const early = await api.token(login.id, login.secret);
    expectRefusal(early, 409);
    expect(early.text).toContain('scanned');
  });

  test('a confirmed login cannot be denied afterwards, and a cancelled one cannot be confirmed', async () => {
    const confirmed = await api.createLogin();
    expectStatus(await api.scan(confirmed.id, tokenOf('alice')), 200);
    expectStatus(await api.confirm(confirmed.id, tokenOf('alice')), 200);
    expectRefusal(await api.deny(confirmed.id, tokenOf('alice')), 409);

    const cancelled = await api.createLogin();
    expectStatus(await api.scan(cancelled.id, tokenOf('alice')), 200);
    expectStatus(await api.cancel(cancelled.id, cancelled.secret), 204);
    expectRefusal(await api.confirm(cancelled.id, tokenOf('alice')), 409);
    expectRefusal(await api.token(cancelled.id, cancelled.secret), 409);
  });
});
