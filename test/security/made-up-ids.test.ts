/**
 * Polls of made-up ids (threat model T14): each must cost Redis no key, or a flood of random ids and secrets
 * fills Redis with limiter counters.
 */
import crypto from 'node:crypto';
import Redis from 'ioredis';
import { QrApi } from '../support/qr-api';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let redis: Redis;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_POLLS_PER_MINUTE: '120' });
  redis = new Redis(server.env.REDIS_URL!);
});
afterAll(async () => {
  redis.disconnect();
  await server.close();
});

const keysUnderPrefix = () => redis.keys(`${server.env.REDIS_KEY_PREFIX}*`);

test('polling random ids with random secrets writes nothing to Redis, and real polls are still limited', async () => {
  const api = new QrApi(server.url);
  for (let n = 0; n < 30; n++) {
    const reply = await api.status(crypto.randomUUID(), crypto.randomBytes(32).toString('base64url'));
    expect(reply.status).toBe(404);
  }
  expect(await keysUnderPrefix()).toEqual([]);

  const login = await api.createLogin();
  const stranger = await api.status(login.id, crypto.randomBytes(32).toString('base64url'));
  expect(stranger.status).toBe(403);
  expect((await keysUnderPrefix()).filter((key) => key.includes('limit'))).toEqual([]);
  const statuses: number[] = [];
  for (let n = 0; n < 125; n++) statuses.push((await api.status(login.id, login.secret)).status);
  expect(statuses.filter((status) => status === 200)).toHaveLength(120);
  expect(statuses.at(-1)).toBe(429);
});
