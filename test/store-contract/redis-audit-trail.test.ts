import Redis from 'ioredis';
import { redisKeys } from '../../server/store/redis/keys';
import { RedisAuditTrail } from '../../server/store/redis/redis-audit-trail';
import { redisCommandsFor } from '../support/redis-commands';
import { redisEngines } from '../support/redis-engines';
import { uniquePrefix } from '../support/server';
import { auditTrailContract, RETENTION } from './audit-trail.contract';

for (const [engine, env] of redisEngines()) {
  auditTrailContract(`the Redis (on ${engine})`, async () => {
    const { redis, close } = await redisCommandsFor(env);
    return { trail: new RedisAuditTrail(redis, uniquePrefix(), RETENTION), close };
  });
}

it('keeps a user’s stream in Redis no longer than the retention after the last event', async () => {
  const redis = new Redis(process.env.REDIS_URL!);
  try {
    const prefix = uniquePrefix();
    await new RedisAuditTrail(redis, prefix, RETENTION).append('carol', { type: 'denied', at: Date.now() });
    const ttl = await redis.pttl(redisKeys(prefix).audit('carol'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(RETENTION.auditRetentionMs);
    expect(await redis.xlen(redisKeys(prefix).audit('carol'))).toBe(1);
  } finally {
    redis.disconnect();
  }
});
