import { startRedisServer, type ThrowawayRedis } from './redis-server';

/**
 * Every test run gets a Redis of its own, unless REDIS_URL is given from outside (then tests only ever touch
 * keys under their own random prefixes and never flush anything).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.REDIS_URL) return;
  const redis = await startRedisServer();
  (globalThis as { __throwawayRedis?: ThrowawayRedis }).__throwawayRedis = redis;
  process.env.REDIS_URL = redis.url;
}
