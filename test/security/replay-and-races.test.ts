/**
 * Replays and races (threat model T3, T7): a token is handed out once, replays of every call on a used login get
 * 409 while it lives and 404 after, and racing phones or browsers never both win, on one instance or across two
 * instances that share Redis.
 */
import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { expectRefusal, expectStatus } from '../support/contract-checks';
import type { Exchange } from '../support/http-request';
import { QrApi } from '../support/qr-api';
import { subscribe } from '../support/qr-socket';
import { TEST_SESSION_JWT_SECRET as SESSION_SECRET, startTestServer, type TestServer } from '../support/server';

const PREFIX = `sec-race-${crypto.randomUUID()}:`;
let first: TestServer;
let second: TestServer;
let apiA: QrApi;
let apiB: QrApi;
const tokenOf = (user: string): string => first.mobileToken(user, { name: `User ${user}` });

beforeAll(async () => {
  const env = { REDIS_KEY_PREFIX: PREFIX };
  first = await startTestServer(env);
  second = await startTestServer(env);
  apiA = new QrApi(first.url);
  apiB = new QrApi(second.url);
});

afterAll(async () => {
  await second?.close();
  await first?.close();
});

const statuses = (exchanges: Exchange[]): number[] => exchanges.map((exchange) => exchange.status).sort();

describe('T3 replay', () => {
  test('every replay on a consumed login is a conflict naming "consumed"; the status stays readable', async () => {
    const login = await apiA.createLogin();
    expectStatus(await apiA.scan(login.id, tokenOf('alice')), 200);
    expectStatus(await apiA.confirm(login.id, tokenOf('alice')), 200);
    const { token } = expectStatus(await apiA.token(login.id, login.secret), 200) as { token: string };
    // The browser asking again (its answer lost) gets that same token from either instance, never a second one.
    for (const retry of [await apiA.token(login.id, login.secret), await apiB.token(login.id, login.secret)]) {
      expect(expectStatus(retry, 200)).toMatchObject({ token });
    }
    for (const replay of [
      await apiA.scan(login.id, tokenOf('alice')),
      await apiA.confirm(login.id, tokenOf('alice')),
      await apiA.deny(login.id, tokenOf('alice')),
      await apiA.cancel(login.id, login.secret),
    ]) {
      expectRefusal(replay, 409);
      expect(replay.text).toContain('consumed');
    }
    expect(expectStatus(await apiB.status(login.id, login.secret), 200)).toMatchObject({ state: 'consumed' });
  });

  test('once a used login outlives its TTL every call on its id is 404, never a new login', async () => {
    const shortLived = await startTestServer({ QR_TTL_SECONDS: '2', EXCHANGE_GRACE_SECONDS: '1' });
    try {
      const api = new QrApi(shortLived.url);
      const login = await api.createLogin();
      expectStatus(await api.scan(login.id, tokenOf('alice')), 200);
      // Wait for the end of its lifetime (the confirm may hold it for the exchange grace) through its push channel.
      const watch = await subscribe(shortLived.url, { id: login.id, secret: login.secret });
      if (watch.kind !== 'subscribed') throw new Error('refused');
      expectStatus(await api.confirm(login.id, tokenOf('alice')), 200);
      await watch.subscription.waitFor((push) => push.state === 'expired', 5000);
      watch.subscription.close();
      for (const exchange of [
        await api.token(login.id, login.secret),
        await api.status(login.id, login.secret),
        await api.scan(login.id, tokenOf('alice')),
        await api.confirm(login.id, tokenOf('alice')),
        await api.cancel(login.id, login.secret),
      ]) {
        expectRefusal(exchange, 404);
      }
    } finally {
      await shortLived.close();
    }
  });
});

describe('T7 races', () => {
  test('phones racing to scan: exactly one user claims the login, on either instance', async () => {
    for (let round = 0; round < 15; round++) {
      const login = await apiA.createLogin();
      const users = ['alice', 'bob', 'carol', 'dave'];
      const answers = await Promise.all(users.map((user, i) => (i % 2 ? apiA : apiB).scan(login.id, tokenOf(user))));
      const winners = users.filter((_, i) => answers[i]!.status === 200);
      expect(winners).toHaveLength(1);
      for (const answer of answers) if (answer.status !== 200) expectRefusal(answer, 403);
      const status = expectStatus(await apiA.status(login.id, login.secret), 200) as { user: { name: string } };
      expect(status.user.name).toBe(`User ${winners[0]}`);
    }
  });

  test('the browser racing itself for the token: one token, the same to every request, on either instance', async () => {
    for (let round = 0; round < 15; round++) {
      const login = await apiA.createLogin();
      expectStatus(await apiB.scan(login.id, tokenOf('alice')), 200);
      expectStatus(await apiA.confirm(login.id, tokenOf('alice')), 200);
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? apiA : apiB).token(login.id, login.secret)),
      );
      expect(statuses(answers)).toEqual(Array(8).fill(200));
      const tokens = new Set(answers.map((answer) => (answer.body as { token: string }).token));
      expect(tokens.size).toBe(1);
      const winner = answers[0]!.body as { token: string };
      expect((jwt.verify(winner.token, SESSION_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload).sub).toBe('alice');
    }
  });

  test('token against cancel, and confirm against deny: one wins and the loser sees the winner', async () => {
    for (let round = 0; round < 15; round++) {
      const login = await apiA.createLogin();
      expectStatus(await apiA.scan(login.id, tokenOf('alice')), 200);
      const [confirm, deny] = await Promise.all([
        apiA.confirm(login.id, tokenOf('alice')),
        apiB.deny(login.id, tokenOf('alice')),
      ]);
      expect(statuses([confirm, deny])).toEqual([200, 409]);
      if (deny.status === 200) {
        expectRefusal(await apiA.token(login.id, login.secret), 409);
        continue;
      }
      const [token, cancel] = await Promise.all([
        apiA.token(login.id, login.secret),
        apiB.cancel(login.id, login.secret),
      ]);
      expect(statuses([token, cancel])).toEqual(token.status === 200 ? [200, 409] : [204, 409]);
      const final = expectStatus(await apiA.status(login.id, login.secret), 200) as { state: string };
      expect(final.state).toBe(token.status === 200 ? 'consumed' : 'cancelled');
    }
  });
});
