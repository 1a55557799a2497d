import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, kill, launchRedis, untilAnswering, withFreshPorts, withRedisClient } from './redis-server';

const run = promisify(execFile);

export interface RedisNode {
  port: number;
  process: ChildProcess;
}

/** A Redis Cluster of the tests' own: three primaries with one replica each, on loopback, in a temp dir. */
export interface ThrowawayCluster {
  nodes: RedisNode[];
  /** `host:port,...` as REDIS_CLUSTER_NODES takes it. */
  seeds: string;
  /** The node that serves `key`'s slot now. */
  primaryFor(key: string): Promise<RedisNode>;
  /** Resolves once every live node agrees on a cluster that serves every slot with a replica behind each primary. */
  untilHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** How long a silent node takes to be failed over (ms): short for failover tests, long where none is wanted. */
  nodeTimeoutMs: number;
}

const PRIMARIES = 3;

interface NodeLine {
  port: number;
  primary: boolean;
  failed: boolean;
  slots: boolean;
  serves(slot: number): boolean;
}

function parseNodes(text: string): NodeLine[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [, address = '', flags = '', , , , , link = '', ...slots] = line.split(' ');
      return {
        port: Number(/:(\d+)@/.exec(address)?.[1]),
        primary: flags.includes('master'),
        failed: flags.includes('fail') || link !== 'connected',
        slots: slots.length > 0,
        serves: (slot: number) =>
          slots.some((range) => {
            const [from, to = from] = range.split('-').map(Number);
            return from! <= slot && slot <= to!;
          }),
      };
    });
}

/** Every live node sees 3 primaries owning slots and 3 replicas, none failing, and replication links are up. */
async function healthy(live: RedisNode[]): Promise<boolean> {
  try {
    for (const node of live) {
      const ok = await withRedisClient(node.port, async (client) => {
        const info = await client.cluster('INFO');
        if (!String(info).includes('cluster_state:ok')) return false;
        const lines = parseNodes(String(await client.cluster('NODES'))).filter((line) =>
          live.some((n) => n.port === line.port),
        );
        const primaries = lines.filter((line) => line.primary && line.slots && !line.failed);
        const replicas = lines.filter((line) => !line.primary && !line.failed);
        if (primaries.length !== PRIMARIES || replicas.length !== live.length - PRIMARIES) return false;
        const replication = String(await client.info('replication'));
        return !replication.includes('role:slave') || replication.includes('master_link_status:up');
      });
      if (!ok) return false;
    }
    return true;
  } catch {
    return false;
  }
}

async function portsWithBus(count: number): Promise<Array<{ port: number; bus: number }>> {
  const ports = [];
  for (let i = 0; i < count; i += 1) ports.push({ port: await freePort(), bus: await freePort() });
  return ports;
}

export function startRedisCluster(options: ClusterOptions): Promise<ThrowawayCluster> {
  return withFreshPorts(() => startRedisClusterOnce(options));
}

async function startRedisClusterOnce(options: ClusterOptions): Promise<ThrowawayCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'qr-cluster-'));
  const ports = await portsWithBus(PRIMARIES * 2);
  const nodes: RedisNode[] = ports.map(({ port, bus }) => ({
    port,
    process: launchRedis(
      port,
      [
        ...['--cluster-enabled', 'yes', '--cluster-port', String(bus)],
        ...['--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', String(options.nodeTimeoutMs)],
      ],
      dir,
    ),
  }));
  const live = () => nodes.filter((node) => node.process.exitCode === null && node.process.signalCode === null);
  const cluster: ThrowawayCluster = {
    nodes,
    seeds: nodes.map((node) => `127.0.0.1:${node.port}`).join(','),
    async primaryFor(key) {
      const owner = await withRedisClient(live()[0]!.port, async (client) => {
        const slot = Number(await client.cluster('KEYSLOT', key));
        const lines = parseNodes(String(await client.cluster('NODES')));
        return lines.find((line) => line.primary && !line.failed && line.serves(slot))?.port;
      });
      const node = nodes.find((candidate) => candidate.port === owner);
      if (!node) throw new Error(`no live primary serves the slot of ${key}`);
      return node;
    },
    async untilHealthy(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await healthy(live()))) {
        if (Date.now() > deadline) throw new Error(`the test cluster did not become healthy in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      await Promise.all(nodes.map((node) => kill(node.process)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(nodes.map((node) => untilAnswering(node.port)));
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes'], {
      timeout: 60_000,
    });
    await cluster.untilHealthy();
    return cluster;
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
