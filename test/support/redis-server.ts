import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';

/** A throwaway redis-server of the tests' own: nothing persisted, loopback only, killed at the end. */
export interface ThrowawayRedis {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`), for outage tests. */
  restart(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open and commands queue unanswered, like a hung Redis. */
  pause(): void;
  /** Lets a paused process run again (SIGCONT): the queued commands then run. */
  resume(): void;
}

/** Ports this process has handed out: engines started side by side must not be given the same one. */
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

/** One short-lived client to a Redis (or sentinel) on loopback `port`: connects once, never retries, then goes. */
export async function withRedisClient<T>(port: number, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

/** Resolves once a Redis (or sentinel) on `port` answers PING. */
export async function untilAnswering(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await withRedisClient(port, (client) => client.ping());
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** A redis-server on loopback `port` without persistence; `args` add to or override that. */
export function launchRedis(port: number, args: string[] = [], cwd?: string): ChildProcess {
  // A replica syncs at once instead of after the default 5 s wait for more replicas to share a transfer.
  const base = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--repl-diskless-sync-delay',
    '0',
  ];
  const child = spawn('redis-server', [...base, '--loglevel', 'warning', ...args], { stdio: 'ignore', cwd });
  child.on('error', (error) => {
    throw new Error(`cannot start redis-server (is it installed?): ${error.message}`);
  });
  return child;
}

/** SIGKILL, resolved once the process is gone (a crash as far as Redis and its clients can tell). */
export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

export function startRedisServer(): Promise<ThrowawayRedis> {
  return withFreshPorts(startRedisServerOnce);
}

async function startRedisServerOnce(): Promise<ThrowawayRedis> {
  const port = await freePort();
  const handle: ThrowawayRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: launchRedis(port),
    stop: () => kill(handle.process),
    async restart() {
      await handle.stop();
      handle.process = launchRedis(port);
      await untilAnswering(port, 5_000);
    },
    pause: () => void handle.process.kill('SIGSTOP'),
    resume: () => void handle.process.kill('SIGCONT'),
  };
  try {
    await untilAnswering(port, 5_000);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

/**
 * Starts an engine of several processes, again on new ports if it fails: another program on the machine may
 * take a free port between our probe and redis-server's bind.
 */
export async function withFreshPorts<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}
