import { startRedisServer } from './redis-server';

/**
 * Every test run gets a Redis of its own, unless REDIS_URL is given from outside (then tests only ever touch
 * keys under their own random prefixes and never flush anything). The pid travels to the teardown in the
 * environment, which both share.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.REDIS_URL) return;
  const redis = await startRedisServer();
  redis.process.unref();
  process.env.REDIS_URL = redis.url;
  process.env.QR_TEST_REDIS_PID = String(redis.process.pid);
}
