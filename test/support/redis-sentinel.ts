import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisNode } from './redis-cluster';
import { freePort, kill, launchRedis, untilAnswering, withFreshPorts, withRedisClient } from './redis-server';

/** A primary and a replica watched by three sentinels, all of the tests' own, on loopback, in a temp dir. */
export interface ThrowawaySentinels {
  /** The name the sentinels know the primary by (REDIS_SENTINEL_NAME). */
  name: string;
  /** `host:port,...` as REDIS_SENTINELS takes it. */
  sentinels: string;
  /** The two data nodes; which one is primary changes with failovers. */
  nodes: RedisNode[];
  sentinelProcesses: ChildProcess[];
  /** The data node the sentinels currently name as primary. */
  primary(): Promise<RedisNode>;
  /** Resolves once the sentinels know each other, name a live primary and see its replica in sync. */
  untilHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface SentinelOptions {
  /** How long the primary must be silent before the sentinels fail it over (ms). */
  downAfterMs: number;
}

const NAME = 'qrtest';

/** SENTINEL MASTER's answer as a record (a flat list in RESP2, a map in RESP3). */
function record(reply: unknown): Record<string, string> {
  if (!Array.isArray(reply)) return Object.fromEntries(Object.entries(reply as object).map(([k, v]) => [k, String(v)]));
  return Object.fromEntries(
    Array.from({ length: reply.length / 2 }, (_, i) => [reply[2 * i], String(reply[2 * i + 1])]),
  );
}

export function startRedisSentinels(options: SentinelOptions): Promise<ThrowawaySentinels> {
  return withFreshPorts(() => startRedisSentinelsOnce(options));
}

async function startRedisSentinelsOnce(options: SentinelOptions): Promise<ThrowawaySentinels> {
  const dir = mkdtempSync(join(tmpdir(), 'qr-sentinel-'));
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const nodes: RedisNode[] = [
    // In the temp dir: a replica writes the snapshot it receives where it runs.
    { port: primaryPort!, process: launchRedis(primaryPort!, [], dir) },
    { port: replicaPort!, process: launchRedis(replicaPort!, ['--replicaof', '127.0.0.1', String(primaryPort)], dir) },
  ];
  const sentinelPorts = [await freePort(), await freePort(), await freePort()];
  await Promise.all(nodes.map((node) => untilAnswering(node.port)));
  const sentinelProcesses = sentinelPorts.map((port) => {
    const file = join(dir, `sentinel-${port}.conf`);
    writeFileSync(
      file,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${NAME} 127.0.0.1 ${primaryPort} 2`,
        `sentinel down-after-milliseconds ${NAME} ${options.downAfterMs}`,
        `sentinel failover-timeout ${NAME} ${Math.max(3_000, options.downAfterMs * 3)}`,
        `sentinel parallel-syncs ${NAME} 1`,
        '',
      ].join('\n'),
    );
    return spawn('redis-server', [file, '--sentinel', '--loglevel', 'warning'], { stdio: 'ignore' });
  });
  const live = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

  const group: ThrowawaySentinels = {
    name: NAME,
    sentinels: sentinelPorts.map((port) => `127.0.0.1:${port}`).join(','),
    nodes,
    sentinelProcesses,
    async primary() {
      const [, port] = (await withRedisClient(sentinelPorts[0]!, (client) =>
        client.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME),
      )) as [string, string];
      const node = nodes.find((candidate) => candidate.port === Number(port));
      if (!node) throw new Error(`the sentinels name an unknown primary on port ${port}`);
      return node;
    },
    async untilHealthy(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const check = async () => {
        try {
          for (const port of sentinelPorts) {
            const master = record(await withRedisClient(port, (client) => client.call('SENTINEL', 'MASTER', NAME)));
            const agreed = master['num-other-sentinels'] === '2' && master['num-slaves'] === '1';
            if (!agreed || master.flags !== 'master') return false;
          }
          const primary = await group.primary();
          if (!live(primary.process)) return false;
          const replica = nodes.find((node) => node !== primary)!;
          const replication = await withRedisClient(replica.port, (client) => client.info('replication'));
          return String(replication).includes('master_link_status:up');
        } catch {
          return false;
        }
      };
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`the test sentinels did not settle in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      await Promise.all([...nodes.map((node) => kill(node.process)), ...sentinelProcesses.map(kill)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(sentinelPorts.map((port) => untilAnswering(port)));
    await group.untilHealthy();
    return group;
  } catch (error) {
    await group.stop();
    throw error;
  }
}
