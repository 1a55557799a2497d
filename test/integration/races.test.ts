import { QrApi } from '../support/qr-api';
import { startTestServer, type TestServer } from '../support/server';

/** Two instances on one Redis (same key prefix) must act as one service; each race runs on both. */
let first: TestServer;
let second: TestServer;
let apis: QrApi[];

beforeAll(async () => {
  first = await startTestServer();
  second = await startTestServer({ REDIS_KEY_PREFIX: first.env.REDIS_KEY_PREFIX! });
  apis = [new QrApi(first.url), new QrApi(second.url)];
});
afterAll(() => Promise.all([first.close(), second.close()]));

const across = (n: number) => apis[n % 2]!;

async function confirmedLogin() {
  const login = await apis[0]!.createLogin();
  const alice = first.mobileToken('alice', { name: 'Alice' });
  await apis[1]!.scan(login.id, alice);
  await apis[0]!.confirm(login.id, alice);
  return login;
}

describe('racing requests, spread over two instances on one Redis', () => {
  it('20 concurrent token exchanges by the browser give exactly one token, the same to each', async () => {
    const login = await confirmedLogin();
    const replies = await Promise.all(Array.from({ length: 20 }, (_, n) => across(n).token(login.id, login.secret)));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(replies.map((r) => r.body.token)).size).toBe(1);
    expect(replies[0]!.body.user.id).toBe('alice');
  });

  it('10 users scanning one QR give exactly one winner, and only the winner can confirm', async () => {
    const login = await apis[0]!.createLogin();
    const users = Array.from({ length: 10 }, (_, n) => `user-${n}`);
    const replies = await Promise.all(users.map((user, n) => across(n).scan(login.id, first.mobileToken(user))));
    const winners = users.filter((_, n) => replies[n]!.status === 200);
    expect(winners).toHaveLength(1);
    expect(replies.filter((r) => r.status === 403)).toHaveLength(9);
    const losers = users.filter((user) => user !== winners[0]);
    for (const loser of losers.slice(0, 3))
      expect((await apis[1]!.confirm(login.id, first.mobileToken(loser))).status).toBe(403);
    expect((await apis[1]!.confirm(login.id, first.mobileToken(winners[0]!))).status).toBe(200);
  });

  it('confirm racing deny gives exactly one decision, and the state agrees with the winner', async () => {
    for (let round = 0; round < 10; round++) {
      const login = await apis[0]!.createLogin();
      const alice = first.mobileToken('alice');
      await apis[0]!.scan(login.id, alice);
      const [confirm, deny] = await Promise.all([
        across(round).confirm(login.id, alice),
        across(round + 1).deny(login.id, alice),
      ]);
      expect([confirm.status, deny.status].sort()).toEqual([200, 409]);
      const state = (await apis[round % 2]!.status(login.id, login.secret)).body.state;
      expect(state).toBe(confirm.status === 200 ? 'confirmed' : 'denied');
    }
  });

  it('cancel racing confirm leaves the browser with either a cancelled login or one it can redeem, never both', async () => {
    for (let round = 0; round < 10; round++) {
      const login = await apis[0]!.createLogin();
      const alice = first.mobileToken('alice');
      await apis[1]!.scan(login.id, alice);
      const [cancel, confirm] = await Promise.all([
        across(round).cancel(login.id, login.secret),
        across(round + 1).confirm(login.id, alice),
      ]);
      expect(cancel.status).toBe(204);
      const token = await apis[0]!.token(login.id, login.secret);
      expect(token.status).toBe(409);
      expect(token.body.error.state).toBe('cancelled');
      expect([200, 409]).toContain(confirm.status);
    }
  });
});
