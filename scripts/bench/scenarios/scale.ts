/**
 * Scenario "scale" (issue 12): what one confirm costs Redis, by engine and hint scheme, measured on the
 * engines themselves with the instances' subscriptions emulated by plain connections in this process.
 *
 * Each confirm is one Lua step shaped like transition-2.lua (read the hash, write state and version, announce,
 * return the hash), then the hint is delivered to the instances that subscribe to it. Schemes:
 * - `bucketed SPUBLISH` (what qr-login does): 1,024 sharded channels, every instance holds them all;
 * - `plain PUBLISH`: one classic channel every instance subscribes to (the design before issue 12; on a
 *   cluster every node forwards every message to every other node);
 * - `per-login SSUBSCRIBE`: one sharded channel per login, SSUBSCRIBEd by the one instance whose browser
 *   waits (before the confirm) and SUNSUBSCRIBEd after: those two commands are counted in its cost.
 * Redis CPU is the sum of used_cpu_user + used_cpu_sys over every node (primaries and replicas).
 */
import calculateSlot from 'cluster-key-slot';
import Redis from 'ioredis';
import { redisKeys } from '../../../server/store/redis/keys';
import type { Bench } from '../context';
import { type Engine, startScaleEngines } from './scale-engines';
import { scaleServiceTable } from './scale-service';

type Scheme = 'bucketed SPUBLISH' | 'plain PUBLISH' | 'per-login SSUBSCRIBE';
const SCHEMES: Scheme[] = ['bucketed SPUBLISH', 'plain PUBLISH', 'per-login SSUBSCRIBE'];

/** The plain variant names its channel in ARGV (PUBLISH's channel is not a key, as in the design before). */
const STEP = (publish: string) => `
local f = redis.call('HMGET', KEYS[1], 'state', 'version')
local version = tonumber(f[2] or '0') + 1
redis.call('HSET', KEYS[1], 'state', 'confirmed', 'version', version)
redis.call('${publish}', ${publish === 'PUBLISH' ? 'ARGV[2]' : 'KEYS[2]'}, cjson.encode({ id = ARGV[1], version = version }))
return redis.call('HGETALL', KEYS[1])`;

interface SchemeResult {
  engine: string;
  shards: number;
  scheme: Scheme;
  instances: number;
  confirms: number;
  confirmsPerSecond: number;
  /** Redis CPU (all nodes) per confirm, µs. */
  redisCpuUsPerConfirm: number;
  /** Hints delivered to instances per confirm. */
  deliveriesPerConfirm: number;
}

async function cpuSeconds(ports: number[]): Promise<number> {
  let total = 0;
  for (const port of ports) {
    const client = new Redis(port, '127.0.0.1');
    const info = String(await client.info('cpu'));
    client.disconnect();
    for (const field of ['used_cpu_user', 'used_cpu_sys'])
      total += Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1]);
  }
  return total;
}

/** Every instance subscribes to what the scheme says; returns the connections and a delivery counter. */
async function subscribeInstances(engine: Engine, scheme: Scheme, instances: number, channels: readonly string[]) {
  const connections: Redis[] = [];
  const counter = { delivered: 0 };
  const count = () => {
    counter.delivered += 1;
  };
  if (scheme === 'per-login SSUBSCRIBE') return { connections, counter, count };
  for (let n = 0; n < instances; n += 1) {
    if (scheme === 'plain PUBLISH') {
      const connection = new Redis(engine.ports[0]!, '127.0.0.1');
      connection.on('message', count);
      await connection.subscribe('bench:changes');
      connections.push(connection);
      continue;
    }
    // One connection per shard, each holding the channels of the slots that shard serves.
    const bySlot = new Map<number, string[]>();
    for (const channel of channels)
      bySlot.set(calculateSlot(channel), [...(bySlot.get(calculateSlot(channel)) ?? []), channel]);
    const byPort = new Map<number, string[][]>();
    for (const group of bySlot.values()) {
      const port = engine.portFor(group[0]!);
      byPort.set(port, [...(byPort.get(port) ?? []), group]);
    }
    for (const [port, groups] of byPort) {
      const connection = new Redis(port, '127.0.0.1');
      connection.on('smessage', count);
      await Promise.all(groups.map((group) => connection.ssubscribe(...group)));
      connections.push(connection);
    }
  }
  return { connections, counter, count };
}

async function measureScheme(
  engine: Engine,
  scheme: Scheme,
  instances: number,
  confirms: number,
): Promise<SchemeResult> {
  const keys = redisKeys(`bench-scale:${process.pid}:${Date.now()}:`);
  const plain = scheme === 'plain PUBLISH';
  const client = engine.open() as Redis & { confirmStep(...args: string[]): Promise<unknown> };
  client.defineCommand('confirmStep', { numberOfKeys: plain ? 1 : 2, lua: STEP(plain ? 'PUBLISH' : 'SPUBLISH') });
  const { connections, counter, count } = await subscribeInstances(engine, scheme, instances, keys.allChanges);
  const perLoginSubscribers = new Map<number, Redis>();
  const ids = Array.from({ length: confirms }, (_, n) => `${n}-${Math.random().toString(36).slice(2)}`);
  const channelOf = (id: string) =>
    scheme === 'plain PUBLISH'
      ? 'bench:changes'
      : scheme === 'per-login SSUBSCRIBE'
        ? `${keys.login(id)}:changes`
        : keys.changes(id);
  const before = await cpuSeconds(engine.ports);
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    for (let n = next++; n < confirms; n = next++) {
      const id = ids[n]!;
      const channel = channelOf(id);
      let subscriber: Redis | undefined;
      if (scheme === 'per-login SSUBSCRIBE') {
        // The instance whose browser waits on this login subscribes before the change and leaves after it.
        const port = engine.portFor(channel);
        subscriber = perLoginSubscribers.get(port * 1000 + (n % instances));
        if (!subscriber) {
          subscriber = new Redis(port, '127.0.0.1');
          subscriber.on('smessage', count);
          perLoginSubscribers.set(port * 1000 + (n % instances), subscriber);
        }
        await subscriber.ssubscribe(channel);
      }
      await (plain ? client.confirmStep(keys.login(id), id, channel) : client.confirmStep(keys.login(id), channel, id));
      if (subscriber) await subscriber.sunsubscribe(channel);
    }
  };
  await Promise.all(Array.from({ length: 32 }, lane));
  const elapsed = (performance.now() - started) / 1000;
  const after = await cpuSeconds(engine.ports);
  client.disconnect();
  for (const connection of [...connections, ...perLoginSubscribers.values()]) connection.disconnect();
  return {
    engine: engine.name,
    shards: engine.shards,
    scheme,
    instances,
    confirms,
    confirmsPerSecond: Math.round(confirms / elapsed),
    redisCpuUsPerConfirm: Math.round(((after - before) * 1e6) / confirms),
    deliveriesPerConfirm: Number((counter.delivered / confirms).toFixed(2)),
  };
}

/**
 * `npm run bench -- --scenarios scale`: the Redis cost per confirm by engine, scheme and instance count, then
 * the service itself on one node and on a 3-shard cluster with 1, 2 and 4 instances (scale-service.ts).
 */
export async function scale(bench: Bench): Promise<void> {
  const engines = await startScaleEngines();
  const confirms = bench.options.quick ? 1_000 : 5_000;
  try {
    const costs: SchemeResult[] = [];
    for (const engine of engines) {
      for (const scheme of SCHEMES) {
        for (const instances of [1, 4, 16]) {
          bench.log(`scale: ${engine.name}, ${scheme}, ${instances} instances, ${confirms} confirms`);
          const result = await measureScheme(engine, scheme, instances, confirms);
          bench.record('scale-schemes', result);
          costs.push(result);
        }
      }
    }
    bench.tables.push({
      title: 'Scale: Redis CPU per confirm by engine, hint scheme and instances (all nodes, replicas included)',
      columns: [
        'engine',
        'scheme',
        'instances',
        'confirms',
        'confirms/s (32 in flight)',
        'Redis CPU-µs/confirm',
        'hints delivered/confirm',
      ],
      rows: costs.map((one) => [
        one.engine,
        one.scheme,
        one.instances,
        one.confirms,
        one.confirmsPerSecond,
        one.redisCpuUsPerConfirm,
        one.deliveriesPerConfirm,
      ]),
    });
    bench.tables.push(await scaleServiceTable(bench, engines));
  } finally {
    await Promise.all(engines.map((engine) => engine.stop()));
  }
}
