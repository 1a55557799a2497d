import Redis, { Cluster, type RedisOptions } from 'ioredis';
import { StoreUnavailableError } from '../store-unavailable';
import {
  ClusterHintSubscriptions,
  type HintSubscriptions,
  NodeHintSubscriptions,
  SUBSCRIBER_OPTIONS,
} from './hint-subscriptions';

/** Where the Redis data lives: one node, a Redis Cluster, or a primary found through Sentinel. */
export type RedisTarget =
  | { kind: 'node'; url: string }
  | { kind: 'cluster'; nodes: HostPort[]; username?: string; password?: string }
  | {
      kind: 'sentinel';
      sentinels: HostPort[];
      name: string;
      username?: string;
      password?: string;
      sentinelPassword?: string;
    };
export interface HostPort {
  host: string;
  port: number;
}

/**
 * Fail fast instead of queueing while Redis is away: with no offline queue a command fails at once when the
 * connection is down, so callers get 503 and retry while ioredis reconnects in the background. The command
 * timeout only catches a Redis that hangs; it is long enough that a busy event loop of ours is not taken
 * for a dead Redis (an overloaded server answered 503 at 1 s).
 */
const RECONNECT = { retryStrategy: (attempt: number) => Math.min(attempt * 100, 1_000) };
export const COMMAND_TIMEOUT_MS = 3_000;
const COMMAND_OPTIONS: RedisOptions = {
  maxRetriesPerRequest: 1,
  commandTimeout: COMMAND_TIMEOUT_MS,
  // Off: ioredis' auto-pipelining schedules a flush and builds a pipeline on every tick that sends a command. In one
  // bench run (500 confirms/s, 5,000 waiting browsers) turning it off cut the CPU a confirm costs from 1.17 ms to
  // 0.73 ms and the p99 from 78 to 6 ms. Commands sent together still travel pipelined: each is written at once and
  // Redis answers in order.
  enableAutoPipelining: false,
};
/** A primary demoted by a failover answers writes with READONLY: reconnect (Sentinel then names the new one). */
const FOLLOW_DEMOTION: RedisOptions = { reconnectOnError: (error) => error.message.startsWith('READONLY') };

export interface RedisConnections {
  /** For commands and scripts (shared with the rate limiters). */
  commands: Redis | Cluster;
  /** The change hints: subscribed connections do nothing else. */
  hints: HintSubscriptions;
}

/**
 * Opens the command connection(s) and the hint subscriptions on `channels`. `slotOf` gives a channel's
 * cluster slot, so that a cluster subscribes to each channel on the primary that serves it.
 */
export function openRedisConnections(
  target: RedisTarget,
  channels: readonly string[],
  slotOf: (channel: string) => number,
  onError: (error: Error, connection: string) => void,
): RedisConnections {
  const named = (connection: string) => (error: Error) => onError(error, connection);
  if (target.kind === 'cluster') {
    const auth = { username: target.username, password: target.password };
    const commands = new Cluster(target.nodes, {
      redisOptions: { ...COMMAND_OPTIONS, ...auth, connectionName: 'qr-login:commands' },
      enableOfflineQueue: false,
      enableAutoPipelining: false,
      clusterRetryStrategy: RECONNECT.retryStrategy,
      // The slot map is re-read every second, so a promoted replica takes over our commands and hints quickly.
      slotsRefreshInterval: 1_000,
    });
    commands.on('error', named('commands'));
    const subscriberOptions = { ...RECONNECT, ...auth, connectionName: 'qr-login:hints' };
    const hints = new ClusterHintSubscriptions(commands, channels, slotOf, subscriberOptions, named('hints'));
    return { commands, hints };
  }
  const base: RedisOptions =
    target.kind === 'node'
      ? {}
      : {
          sentinels: target.sentinels,
          name: target.name,
          username: target.username,
          password: target.password,
          sentinelPassword: target.sentinelPassword,
          // Sentinel's switch-master announcement moves us to the new primary without waiting for an error.
          failoverDetector: true,
          ...FOLLOW_DEMOTION,
        };
  const open = (options: RedisOptions) =>
    target.kind === 'node' ? new Redis(target.url, { ...base, ...options }) : new Redis({ ...base, ...options });
  const commands = open({
    ...RECONNECT,
    ...COMMAND_OPTIONS,
    enableOfflineQueue: false,
    connectionName: 'qr-login:commands',
  });
  const subscriber = open({ ...RECONNECT, ...SUBSCRIBER_OPTIONS, connectionName: 'qr-login:hints' });
  commands.on('error', named('commands'));
  subscriber.on('error', named('hints'));
  return { commands, hints: new NodeHintSubscriptions(subscriber, channels) };
}

/** Resolves once commands work and every hint subscription is live, so the first requests do not fail for want of one. */
export async function whenReady(connections: RedisConnections, timeoutMs: number): Promise<boolean> {
  const { commands } = connections;
  let timer: NodeJS.Timeout | undefined;
  const ready =
    commands.status === 'ready'
      ? Promise.resolve(true)
      : new Promise<boolean>((resolve) => {
          commands.once('ready', () => resolve(true));
          timer = setTimeout(() => resolve(false), timeoutMs);
        });
  try {
    const [commandsReady, hintsLive] = await Promise.all([ready, connections.hints.whenLive(timeoutMs)]);
    return commandsReady && hintsLive;
  } finally {
    clearTimeout(timer);
  }
}

export async function closeRedisConnections(connections: RedisConnections): Promise<void> {
  await connections.hints.close();
  await Promise.allSettled([connections.commands.quit()]);
  connections.commands.disconnect();
}

/**
 * Runs a Redis call that answers within the command timeout, or fails with StoreUnavailableError. ioredis
 * applies the timeout only to commands written alone, while auto-pipelined ones queue behind a hung batch
 * (measured: 5.5 s each with Redis paused). A call that times out may still run later, when Redis answers
 * again: every write is safe to repeat for that reason.
 */
export async function redisCall<T>(command: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Command timed out')), COMMAND_TIMEOUT_MS);
  });
  try {
    return await Promise.race([command(), late]);
  } catch (error) {
    throw new StoreUnavailableError(error);
  } finally {
    clearTimeout(timer);
  }
}
