import { loadConfig } from '../../server/config';
import type { RedisTarget } from '../../server/store/redis/connections';

/**
 * The shared engines global-setup started, as the environment that points a server at each: suites that must
 * behave the same on every engine run once per entry.
 */
export function redisEngines(): Array<[name: string, env: Record<string, string>]> {
  const none = { REDIS_URL: '', REDIS_CLUSTER_NODES: '', REDIS_SENTINELS: '', REDIS_SENTINEL_NAME: '' };
  return [
    ['one Redis node', { ...none, REDIS_URL: process.env.REDIS_URL! }],
    ['a 3-primary, 3-replica Redis Cluster', { ...none, REDIS_CLUSTER_NODES: process.env.QR_TEST_CLUSTER_NODES! }],
    [
      'Redis behind three sentinels',
      {
        ...none,
        REDIS_SENTINELS: process.env.QR_TEST_SENTINELS!,
        REDIS_SENTINEL_NAME: process.env.QR_TEST_SENTINEL_NAME!,
      },
    ],
  ];
}

/** The Redis target an engine's environment configures, read the way the service reads it. */
export function targetOf(env: Record<string, string>): RedisTarget {
  return loadConfig(env).redis!;
}

/** `node`, `cluster` or `sentinel`: an engine's environment in one word, for file names. */
export const engineSlug = (env: Record<string, string>): string =>
  env.REDIS_CLUSTER_NODES ? 'cluster' : env.REDIS_SENTINELS ? 'sentinel' : 'node';
