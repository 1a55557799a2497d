/**
 * Sessions a user can see and end (issue 14), on Redis and on the embedded store: the phone lists the browser
 * sessions its QR logins started, ends one or all, reads its own audit; a relying service introspects tokens.
 */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { SessionListBody, UserEventsBody } from '../../server/wire';
import { signIn } from '../support/flows';
import {
  basicAuth as basic,
  INTROSPECTION_CLIENT as CLIENT,
  INTROSPECTION_ENV,
  introspect,
} from '../support/introspection';
import { QrApi } from '../support/qr-api';
import { startTestServer, TEST_SESSION_JWT_SECRET, type TestServer } from '../support/server';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';

describe.each([
  ['Redis', {}],
  ['the embedded store', { REDIS_URL: '' }],
])('sessions on %s', (_store, storeEnv) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      ...storeEnv,
      MAX_SESSIONS_PER_USER: '2',
      // The site's page creates the login from its own origin, which must be allowed (creates are same-site otherwise).
      CORS_ORIGINS: 'https://shop.example',
      ...INTROSPECTION_ENV,
    });
  });
  afterAll(() => server.close());

  const user = () => `user-${randomUUID()}`;
  const api = () => new QrApi(server.url);
  const list = (userId: string) =>
    api().send<SessionListBody>('GET', '/api/sessions', { token: server.mobileToken(userId) });

  it('lists the browser session a QR login started: when, browser, OS, IP and site', async () => {
    const alice = user();
    const before = Date.now();
    const { sessionId } = await signIn(server, alice, { 'User-Agent': FIREFOX, Origin: 'https://shop.example' });
    const reply = await list(alice);
    expect(reply.status).toBe(200);
    expect(reply.body.sessions).toEqual([
      {
        id: sessionId,
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        ip: '127.0.0.1',
        browser: 'Firefox 140',
        os: 'Linux',
        site: 'https://shop.example',
      },
    ]);
    const [session] = reply.body.sessions;
    expect(Date.parse(session!.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(session!.expiresAt) - Date.parse(session!.createdAt)).toBeGreaterThan(3_500_000);
    expect((await list(user())).body.sessions).toEqual([]);
  });

  it('records the service’s own origin when the browser sent none', async () => {
    const bob = user();
    await signIn(server, bob);
    expect((await list(bob)).body.sessions[0]?.site).toBe(new URL(server.url).origin);
  });

  it('ends one session: its token stops introspecting, and a second end or a stranger gets 404', async () => {
    const alice = user();
    const kept = await signIn(server, alice);
    const ended = await signIn(server, alice);
    const mallory = server.mobileToken(user());
    expect((await api().send('DELETE', `/api/sessions/${ended.sessionId}`, { token: mallory })).status).toBe(404);
    expect((await introspect(server, ended.token)).body.active).toBe(true);

    const aliceToken = server.mobileToken(alice);
    expect((await api().send('DELETE', `/api/sessions/${ended.sessionId}`, { token: aliceToken })).status).toBe(204);
    expect((await introspect(server, ended.token)).body).toEqual({ active: false });
    expect((await introspect(server, kept.token)).body.active).toBe(true);
    expect((await list(alice)).body.sessions.map((s) => s.id)).toEqual([kept.sessionId]);

    expect((await api().send('DELETE', `/api/sessions/${ended.sessionId}`, { token: aliceToken })).status).toBe(404);
    expect((await api().send('DELETE', `/api/sessions/${randomUUID()}`, { token: aliceToken })).status).toBe(404);
    expect((await api().send('DELETE', '/api/sessions/not-an-id', { token: aliceToken })).status).toBe(400);
    expect((await api().send('DELETE', `/api/sessions/${kept.sessionId}`)).status).toBe(401);
  });

  it('records a repeated exchange once, and a repeat after the end does not bring the session back', async () => {
    const alice = user();
    const phone = server.mobileToken(alice);
    const login = await api().createLogin({ query: '?image=none' });
    await api().scan(login.id, phone);
    await api().confirm(login.id, phone);
    const first = await api().token(login.id, login.secret);
    const again = await api().token(login.id, login.secret);
    expect(again.body.token).toBe(first.body.token);
    expect((await list(alice)).body.sessions.map((s) => s.id)).toEqual([login.id]);
    await api().send('DELETE', `/api/sessions/${login.id}`, { token: phone });
    expect((await api().token(login.id, login.secret)).status).toBe(200);
    expect((await list(alice)).body.sessions).toEqual([]);
    expect((await introspect(server, first.body.token)).body).toEqual({ active: false });
  });

  it('ends every session of the user at once, and nobody else’s', async () => {
    const [alice, bob] = [user(), user()];
    const aliceSessions = [await signIn(server, alice), await signIn(server, alice)];
    const bobs = await signIn(server, bob);
    const reply = await api().send('DELETE', '/api/sessions', { token: server.mobileToken(alice) });
    expect(reply).toMatchObject({ status: 200, body: { ended: 2 } });
    for (const { token } of aliceSessions) expect((await introspect(server, token)).body.active).toBe(false);
    expect((await introspect(server, bobs.token)).body.active).toBe(true);
    expect((await api().send('DELETE', '/api/sessions', { token: server.mobileToken(alice) })).body).toEqual({
      ended: 0,
    });
  });

  it('keeps at most MAX_SESSIONS_PER_USER sessions: a new one ends the oldest', async () => {
    const carol = user();
    const [oldest, middle, newest] = [
      await signIn(server, carol),
      await signIn(server, carol),
      await signIn(server, carol),
    ];
    expect((await list(carol)).body.sessions.map((s) => s.id)).toEqual([newest.sessionId, middle.sessionId]);
    expect((await introspect(server, oldest.token)).body.active).toBe(false);
    expect((await introspect(server, middle.token)).body.active).toBe(true);
  });

  it('lets the phone read its own QR-login events, newest first, and nobody else’s', async () => {
    const dave = user();
    const phone = server.mobileToken(dave);
    const denied = await api().createLogin({ query: '?image=none' });
    await api().scan(denied.id, phone);
    await api().deny(denied.id, phone);
    const { sessionId } = await signIn(server, dave);
    await api().send('DELETE', `/api/sessions/${sessionId}`, { token: phone });

    const reply = await api().send<UserEventsBody>('GET', '/api/audit', { token: phone });
    expect(reply.status).toBe(200);
    expect(reply.body.events.map((e) => [e.type, e.loginId === denied.id, e.sessionId === sessionId])).toEqual([
      ['session_ended', false, true],
      ['signed_in', false, true],
      ['confirmed', false, false],
      ['scanned', false, false],
      ['denied', true, false],
      ['scanned', true, false],
    ]);
    expect(reply.body.events[0]).toMatchObject({ reason: 'revoked', ip: '127.0.0.1', at: expect.any(String) });
    expect((await api().send<UserEventsBody>('GET', '/api/audit?limit=2', { token: phone })).body.events).toHaveLength(
      2,
    );
    expect((await api().send('GET', '/api/audit?limit=0', { token: phone })).status).toBe(400);
    const stranger = server.mobileToken(user());
    expect((await api().send<UserEventsBody>('GET', '/api/audit', { token: stranger })).body.events).toEqual([]);
  });

  describe('introspection (RFC 7662)', () => {
    it('answers the claims of a live token', async () => {
      const erin = user();
      const { token, sessionId } = await signIn(server, erin);
      const reply = await introspect(server, token);
      expect(reply.status).toBe(200);
      expect(reply.headers['cache-control']).toContain('no-store');
      expect(reply.body).toEqual({
        active: true,
        token_type: 'Bearer',
        sub: erin,
        jti: sessionId,
        iat: expect.any(Number),
        exp: expect.any(Number),
      });
    });

    it('answers only {active: false} for an expired, forged, unknown or malformed token', async () => {
      const { token } = await signIn(server, user());
      const claims = jwt.decode(token) as jwt.JwtPayload;
      const sign = (payload: object, secret = TEST_SESSION_JWT_SECRET) =>
        jwt.sign(payload, secret, { algorithm: 'HS256' });
      const inactive = [
        sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }),
        sign(claims, 'another-secret-0123456789abcdef0123456789'),
        sign({ ...claims, jti: randomUUID() }),
        sign({ ...claims, sub: 'somebody-else' }),
        `${token.split('.').slice(0, 2).join('.')}.`,
        'not-a-token',
        'x'.repeat(10_000),
      ];
      for (const candidate of inactive) expect((await introspect(server, candidate)).body).toEqual({ active: false });
    });

    it('refuses a caller without the client credentials, compared whole', async () => {
      const { token } = await signIn(server, user());
      for (const authorization of [
        '',
        basic(CLIENT.id, `${CLIENT.secret}x`),
        basic(CLIENT.id, CLIENT.secret.slice(0, -1)),
        basic('other', CLIENT.secret),
        `Bearer ${CLIENT.secret}`,
      ]) {
        const reply = await introspect(server, token, authorization);
        expect(reply.status).toBe(401);
        expect(reply.headers['www-authenticate']).toMatch(/^Basic /);
      }
    });

    it('needs the token parameter', async () => {
      const reply = await new QrApi(server.url).send('POST', '/api/session/introspect', {
        body: 'token_type_hint=access_token',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: basic(CLIENT.id, CLIENT.secret),
        },
      });
      expect(reply.status).toBe(400);
    });
  });
});

describe('a service without introspection configured', () => {
  it('has no introspection endpoint', async () => {
    const server = await startTestServer({ REDIS_URL: '' });
    try {
      expect((await introspect(server, 'whatever')).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('per-user limits on the session endpoints', () => {
  it('counts list, end and audit calls against the phone user’s allowance', async () => {
    const server = await startTestServer({ REDIS_URL: '', RATE_LIMIT_MOBILE_PER_MINUTE: '3' });
    try {
      const api = new QrApi(server.url);
      const frank = server.mobileToken('frank');
      const statuses = [];
      for (const [method, path] of [
        ['GET', '/api/sessions'],
        ['GET', '/api/audit'],
        ['DELETE', '/api/sessions'],
        ['GET', '/api/sessions'],
      ] as const) {
        statuses.push((await api.send(method, path, { token: frank })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await api.send('GET', '/api/sessions', { token: server.mobileToken('grace') })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
