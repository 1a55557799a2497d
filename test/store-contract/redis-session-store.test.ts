import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { redisKeys } from '../../server/store/redis/keys';
import { RedisSessionStore } from '../../server/store/redis/redis-session-store';
import { redisCommandsFor } from '../support/redis-commands';
import { redisEngines } from '../support/redis-engines';
import { uniquePrefix } from '../support/server';
import { sessionStoreContract } from './session-store.contract';

for (const [engine, env] of redisEngines()) {
  sessionStoreContract(`the Redis (on ${engine})`, async () => {
    const { redis, close } = await redisCommandsFor(env);
    return { store: new RedisSessionStore({ redis, keyPrefix: uniquePrefix() }), close };
  });
}

describe('the Redis session store, for relying services that listen on Redis', () => {
  it('announces every ended session on one channel with user, id, expiry and reason', async () => {
    const prefix = uniquePrefix();
    const redis = new Redis(process.env.REDIS_URL!);
    const listener = new Redis(process.env.REDIS_URL!);
    try {
      const messages: unknown[] = [];
      const twoArrived = new Promise<void>((resolve) =>
        listener.on('message', (_channel, message) => {
          messages.push(JSON.parse(message));
          if (messages.length === 2) resolve();
        }),
      );
      await listener.subscribe(redisKeys(prefix).sessionsEnded);
      const store = new RedisSessionStore({ redis, keyPrefix: prefix });
      const now = Date.now();
      const session = (createdAt: number) => ({
        id: randomUUID(),
        userId: 'alice',
        createdAt,
        expiresAt: createdAt + 60_000,
        ip: '127.0.0.1',
        site: 'https://shop.example',
      });
      const [first, second] = [session(now), session(now + 1)];
      await store.record(first, now, { maxSessionsPerUser: 1 });
      await store.record(second, now + 1, { maxSessionsPerUser: 1 });
      await store.end('alice', [second.id], now + 2);
      await twoArrived;
      expect(messages).toEqual([
        { sub: 'alice', jti: first.id, exp: Math.floor(first.expiresAt / 1000), endedAt: now + 1, reason: 'limit' },
        { sub: 'alice', jti: second.id, exp: Math.floor(second.expiresAt / 1000), endedAt: now + 2, reason: 'revoked' },
      ]);
    } finally {
      redis.disconnect();
      listener.disconnect();
    }
  });

  it('lets the user hash expire with its last token', async () => {
    const prefix = uniquePrefix();
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      const store = new RedisSessionStore({ redis, keyPrefix: prefix });
      const now = Date.now();
      const expiresAt = now + 60_000;
      const base = { userId: 'bob', createdAt: now, ip: '127.0.0.1', site: 'https://a.example' };
      await store.record({ ...base, id: randomUUID(), expiresAt }, now, { maxSessionsPerUser: 5 });
      await store.record({ ...base, id: randomUUID(), expiresAt: now + 30_000 }, now, { maxSessionsPerUser: 5 });
      expect(await redis.pexpiretime(redisKeys(prefix).sessions('bob'))).toBe(expiresAt);
    } finally {
      redis.disconnect();
    }
  });
});
