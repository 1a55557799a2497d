import { startRedisCluster, type ThrowawayCluster } from './redis-cluster';
import { startRedisSentinels, type ThrowawaySentinels } from './redis-sentinel';
import { startRedisServer, type ThrowawayRedis } from './redis-server';

/** What the teardown stops: globals set here are visible there (same process), never in the test workers. */
export interface SharedEngines {
  redis?: ThrowawayRedis;
  cluster?: ThrowawayCluster;
  sentinels?: ThrowawaySentinels;
}
export const shared = globalThis as typeof globalThis & { qrTestEngines?: SharedEngines };

export async function stopEngines(engines: SharedEngines): Promise<void> {
  await Promise.all([engines.redis?.stop(), engines.cluster?.stop(), engines.sentinels?.stop()]);
}

/**
 * Every test run gets engines of its own, started side by side: one redis-server (REDIS_URL), a 3-primary,
 * 3-replica cluster (QR_TEST_CLUSTER_NODES) and a primary and replica behind three sentinels
 * (QR_TEST_SENTINELS, QR_TEST_SENTINEL_NAME). Suites share them under random key prefixes; failover tests
 * start their own. Each variable given from outside is used instead (then tests touch only keys under their
 * own prefixes and never flush anything). The workers inherit the variables.
 */
export default async function globalSetup(): Promise<void> {
  const engines: SharedEngines = {};
  shared.qrTestEngines = engines;
  // Long timeouts: a loaded machine must not make the shared engines fail over under other suites.
  const started = await Promise.allSettled([
    process.env.REDIS_URL
      ? undefined
      : startRedisServer().then((redis) => {
          engines.redis = redis;
          process.env.REDIS_URL = redis.url;
        }),
    process.env.QR_TEST_CLUSTER_NODES
      ? undefined
      : startRedisCluster({ nodeTimeoutMs: 15_000 }).then((cluster) => {
          engines.cluster = cluster;
          process.env.QR_TEST_CLUSTER_NODES = cluster.seeds;
        }),
    process.env.QR_TEST_SENTINELS
      ? undefined
      : startRedisSentinels({ downAfterMs: 15_000 }).then((sentinels) => {
          engines.sentinels = sentinels;
          process.env.QR_TEST_SENTINELS = sentinels.sentinels;
          process.env.QR_TEST_SENTINEL_NAME = sentinels.name;
        }),
  ]);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await stopEngines(engines);
    throw failed.reason;
  }
}
