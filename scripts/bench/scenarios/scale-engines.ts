/**
 * The Redis engines of the scale scenario: the tests' own one node and 3-primary, 3-replica cluster
 * (test/support), started by the scenario and stopped after it.
 */
import calculateSlot from 'cluster-key-slot';
import Redis, { Cluster } from 'ioredis';
import { startRedisCluster, type ThrowawayCluster } from '../../../test/support/redis-cluster';
import { startRedisServer, type ThrowawayRedis } from '../../../test/support/redis-server';
import type { RedisPlacement } from './two-instances';

export interface Engine {
  name: string;
  shards: number;
  ports: number[];
  /** How a qr-login instance reaches it, and its redis-server processes (replicas included). */
  placement: RedisPlacement;
  open(): Redis | Cluster;
  /** The port of the node that serves `channel`'s slot (where a sharded subscription to it must go). */
  portFor(channel: string): number;
  stop(): Promise<void>;
}

function nodeEngine(redis: ThrowawayRedis): Engine {
  return {
    name: 'one node',
    shards: 1,
    ports: [redis.port],
    placement: { url: redis.url, pids: [redis.process.pid!] },
    open: () => new Redis(redis.port, '127.0.0.1'),
    portFor: () => redis.port,
    stop: () => redis.stop(),
  };
}

async function clusterEngine(cluster: ThrowawayCluster): Promise<Engine> {
  const owners: number[] = [];
  for (let slot = 0; slot < 16384; slot += 1) owners.push(0);
  const admin = new Redis(cluster.nodes[0]!.port, '127.0.0.1');
  for (const line of String(await admin.cluster('NODES'))
    .trim()
    .split('\n')) {
    const [, address = '', flags = '', , , , , , ...ranges] = line.split(' ');
    if (!flags.includes('master')) continue;
    const port = Number(/:(\d+)@/.exec(address)?.[1]);
    for (const range of ranges) {
      const [from, to = from] = range.split('-').map(Number);
      for (let slot = from!; slot <= to!; slot += 1) owners[slot] = port;
    }
  }
  admin.disconnect();
  return {
    name: '3-shard cluster',
    shards: 3,
    ports: cluster.nodes.map((node) => node.port),
    placement: {
      url: '',
      env: { REDIS_CLUSTER_NODES: cluster.seeds },
      pids: cluster.nodes.map((node) => node.process.pid!),
    },
    open: () =>
      new Cluster(cluster.seeds.split(',').map((seed) => ({ host: '127.0.0.1', port: Number(seed.split(':')[1]) }))),
    portFor: (channel) => owners[calculateSlot(channel)]!,
    stop: () => cluster.stop(),
  };
}

export async function startScaleEngines(): Promise<Engine[]> {
  const [redis, cluster] = await Promise.all([startRedisServer(), startRedisCluster({ nodeTimeoutMs: 15_000 })]);
  return [nodeEngine(redis), await clusterEngine(cluster)];
}
