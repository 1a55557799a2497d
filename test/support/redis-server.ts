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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function untilAnswering(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server at ${url} did not answer: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}

function launch(port: number): ChildProcess {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { stdio: 'ignore' },
  );
  child.on('error', (error) => {
    throw new Error(`cannot start redis-server (is it installed?): ${error.message}`);
  });
  return child;
}

export async function startRedisServer(): Promise<ThrowawayRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const handle: ThrowawayRedis = {
    url,
    port,
    process: launch(port),
    async stop() {
      const child = handle.process;
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
    },
    async restart() {
      await handle.stop();
      handle.process = launch(port);
      await untilAnswering(url, 5_000);
    },
    pause: () => void handle.process.kill('SIGSTOP'),
    resume: () => void handle.process.kill('SIGCONT'),
  };
  await untilAnswering(url, 5_000);
  return handle;
}
