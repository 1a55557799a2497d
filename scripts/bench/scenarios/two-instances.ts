import { type ArmKind, type Service, startQrLogin } from '../arms/services';
import type { Bench } from '../context';
import type { Variant } from '../options';
import { type ConfirmStep, confirmCounts, runConfirmStep } from './confirm-step';

export interface ConfirmsRun {
  waiting: number;
  confirms: ConfirmStep[];
}

/** Where the instances' Redis is: its URL (empty for a cluster), extra environment and its processes. */
export interface RedisPlacement {
  url: string;
  /** e.g. `{ REDIS_CLUSTER_NODES }` for a cluster */
  env?: Record<string, string>;
  /** the redis-server processes, measured beside the instances */
  pids: number[];
}

export interface Placement {
  /** The bench's own Redis when absent. */
  redis?: RedisPlacement;
  /** Environment of the instances beyond the run's --qr-env (a --variant's). */
  env?: Record<string, string>;
  instances: number;
  label: string;
}

/**
 * The waiting browsers spread over `services` (generator i holds its sockets on instance i mod n) and each
 * phone confirming at the next instance, so with two or more instances every push crosses Redis; confirms run
 * at each configured rate while all browsers stay connected. CPU is measured on `services` and `redisPids`.
 */
export async function confirmsAcross(
  bench: Bench,
  kind: ArmKind,
  services: Service[],
  redisPids: number[],
  label: string,
): Promise<ConfirmsRun> {
  const pids = [...services.map((service) => service.pid), ...redisPids];
  try {
    await bench.pointGeneratorsAcross(
      kind,
      services.map((service) => service.url),
    );
    const { waiting, confirmRates } = bench.options;
    bench.log(`${label}: ${waiting} browsers over ${services.length} instance(s), phones at the next one`);
    await bench.createPopulation(waiting);
    const { connected } = await bench.connectPopulation();
    const counts = confirmCounts(bench, confirmRates, connected);
    await bench.scan(counts.reduce((sum, one) => sum + one, 0));
    const confirms: ConfirmStep[] = [];
    for (const [index, rate] of confirmRates.entries()) {
      bench.log(`${label}: ${counts[index]} confirms at ${rate}/s`);
      const step = await runConfirmStep(bench, pids, rate, counts[index]!, 5_000);
      bench.record(label, { waiting: connected, ...step });
      confirms.push(step);
    }
    return { waiting: connected, confirms };
  } finally {
    await bench.pool.all(() => ({ op: 'reset' }));
  }
}

/** `placement.instances` qr-login processes on one Redis with one key prefix, measured by `confirmsAcross`. */
export async function confirmsAcrossInstances(bench: Bench, placement: Placement): Promise<ConfirmsRun> {
  const keyPrefix = `bench-${placement.label}:${process.pid}:${Date.now()}:`;
  // The bench's own Redis is not measured here, as before the scale scenario measured its engines.
  const redis = placement.redis ?? { url: bench.redis.url, pids: [] };
  const services: Service[] = [];
  try {
    for (let n = 1; n <= placement.instances; n += 1)
      services.push(
        await startQrLogin({
          redisUrl: redis.url,
          env: { ...bench.options.qrEnv, ...placement.env, ...redis.env },
          keyPrefix,
          label: `${placement.label}-${n}`,
        }),
      );
    return await confirmsAcross(bench, 'qr-login', services, redis.pids, placement.label);
  } finally {
    await Promise.all(services.map((service) => service.stop()));
  }
}

/** Scenario 6: two qr-login processes on one Redis with one key prefix (with a --variant's environment). */
export function twoInstances(bench: Bench, variant?: Variant): Promise<ConfirmsRun> {
  const label = variant ? `two-instances-${variant.name}` : 'two-instances';
  return confirmsAcrossInstances(bench, { instances: 2, label, env: variant?.env });
}
