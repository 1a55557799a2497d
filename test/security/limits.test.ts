/**
 * Abuse limits (threat model T14): QR creations per client address are limited with 429 rate_limited and
 * Retry-After, the count is shared by instances on one Redis, and a spoofed X-Forwarded-For does not reset it.
 */
import crypto from 'node:crypto';
import { startTestServer } from '../support/server';
import { expectRefusal, QrApi } from './support/api';
import { destroyAgent } from './support/http';

const PREFIX = `sec-limit-${crypto.randomUUID()}:`;
const LIMIT = 4;
let first: Awaited<ReturnType<typeof startTestServer>>;
let second: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  const env = { RATE_LIMIT_CREATE_PER_MINUTE: String(LIMIT), REDIS_KEY_PREFIX: PREFIX, LOG_LEVEL: 'silent' };
  first = await startTestServer(env);
  second = await startTestServer(env);
});

afterAll(async () => {
  await second?.close();
  await first?.close();
  destroyAgent();
});

test('creations past the per-address limit get 429 with Retry-After, across instances and spoofed addresses', async () => {
  const [a, b] = [new QrApi(first.url), new QrApi(second.url)];
  for (let i = 0; i < LIMIT; i++) await (i % 2 ? a : b).createLogin();
  for (const exchange of [await a.create(), await b.create(), await a.create({ 'x-forwarded-for': '198.51.100.23' })]) {
    expectRefusal(exchange, 429);
    const retryAfter = Number(exchange.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  }
});
