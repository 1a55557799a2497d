import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';
import { closeRedisConnections, openRedisConnections } from '../../server/store/redis/connections';
import { targetOf } from './redis-engines';

/** The command connection the service would open for an engine's environment (no hint channels), once ready. */
export async function redisCommandsFor(
  env: Record<string, string>,
): Promise<{ redis: Redis | Cluster; close(): Promise<void> }> {
  const connections = openRedisConnections(targetOf(env), [], calculateSlot, () => undefined);
  const { commands } = connections;
  if (commands.status !== 'ready') await new Promise((resolve) => commands.once('ready', resolve));
  return { redis: commands, close: () => closeRedisConnections(connections) };
}
