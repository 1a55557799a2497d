import Redis, { type RedisOptions } from 'ioredis';

/**
 * Fail fast instead of queueing while Redis is away: with no offline queue a command fails at once when the
 * connection is down, so callers get 503 and retry while ioredis reconnects in the background. The command
 * timeout only catches a Redis that hangs; it is long enough that a busy event loop of ours is not taken
 * for a dead Redis (an overloaded server answered 503 at 1 s).
 */
const RECONNECT = { retryStrategy: (attempt: number) => Math.min(attempt * 100, 1_000) };
export const COMMAND_TIMEOUT_MS = 3_000;
const COMMAND_OPTIONS: RedisOptions = {
  ...RECONNECT,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: COMMAND_TIMEOUT_MS,
  // Many browsers' reads after a burst of changes go out as one pipeline instead of one round trip each.
  enableAutoPipelining: true,
};

export interface RedisConnections {
  /** For commands and scripts (shared with the rate limiters). */
  commands: Redis;
  /** A subscribed connection can do nothing else: one per process, for every login. */
  subscriber: Redis;
}

export function openRedisConnections(
  url: string,
  onError: (error: Error, connection: string) => void,
): RedisConnections {
  const commands = new Redis(url, { ...COMMAND_OPTIONS, connectionName: 'qr-login:commands' });
  const subscriber = new Redis(url, { ...RECONNECT, connectionName: 'qr-login:subscriber' });
  commands.on('error', (error) => onError(error, 'commands'));
  subscriber.on('error', (error) => onError(error, 'subscriber'));
  return { commands, subscriber };
}

/** Resolves once both connections are up, so the first requests do not fail for want of a connection. */
export async function whenReady(connections: RedisConnections, timeoutMs: number): Promise<boolean> {
  const up = (client: Redis) =>
    client.status === 'ready'
      ? Promise.resolve(true)
      : new Promise<boolean>((resolve) => client.once('ready', () => resolve(true)));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      Promise.all([up(connections.commands), up(connections.subscriber)]).then(() => true),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function closeRedisConnections(connections: RedisConnections): Promise<void> {
  await Promise.allSettled([connections.commands.quit(), connections.subscriber.quit()]);
  connections.commands.disconnect();
  connections.subscriber.disconnect();
}
