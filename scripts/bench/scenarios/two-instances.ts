import { startQrLogin } from '../arms/services';
import type { Bench } from '../context';
import { type ConfirmStep, confirmCounts, runConfirmStep } from './confirm-step';

export interface Placement {
  /** How the service reaches Redis, e.g. `{ REDIS_CLUSTER_NODES }` instead of the bench's own Redis. */
  redisEnv?: Record<string, string>;
  /** 1: browsers and phones on one instance; 2: browsers on A, phones on B. */
  instances: 1 | 2;
  label: string;
}

/**
 * Browsers hold their sockets on instance A and phones confirm on instance B (or both on A), so each push
 * crosses Redis pub/sub; confirms run at each of the configured rates.
 */
export async function confirmsAcrossInstances(
  bench: Bench,
  placement: Placement,
): Promise<{ waiting: number; confirms: ConfirmStep[] }> {
  const keyPrefix = `bench-${placement.label}:${process.pid}:${Date.now()}:`;
  const redis = placement.redisEnv ? { redisUrl: '', env: placement.redisEnv } : { redisUrl: bench.redis.url };
  const a = await startQrLogin({ ...redis, keyPrefix, label: `${placement.label}-A` });
  const b = placement.instances === 2 ? await startQrLogin({ ...redis, keyPrefix, label: `${placement.label}-B` }) : a;
  const pids = placement.instances === 2 ? [a.pid, b.pid] : [a.pid];
  try {
    await bench.pointGenerators('qr-login', a.url, b.url);
    const { waiting, confirmRates } = bench.options;
    bench.log(`${placement.label}: ${waiting} browsers on A, phones on ${placement.instances === 2 ? 'B' : 'A'}`);
    await bench.createPopulation(waiting);
    const { connected } = await bench.connectPopulation();
    const counts = confirmCounts(bench, confirmRates, connected);
    await bench.scan(counts.reduce((sum, one) => sum + one, 0));
    const confirms: ConfirmStep[] = [];
    for (const [index, rate] of confirmRates.entries()) {
      bench.log(`${placement.label}: ${counts[index]} confirms at ${rate}/s`);
      const step = await runConfirmStep(bench, pids, rate, counts[index]!, 5_000);
      bench.record(placement.label, { waiting: connected, ...step });
      confirms.push(step);
    }
    return { waiting: connected, confirms };
  } finally {
    await bench.pool.all(() => ({ op: 'reset' }));
    await Promise.all(placement.instances === 2 ? [a.stop(), b.stop()] : [a.stop()]);
  }
}

/** Scenario 6: two qr-login processes on one Redis with one key prefix. */
export function twoInstances(bench: Bench): Promise<{ waiting: number; confirms: ConfirmStep[] }> {
  return confirmsAcrossInstances(bench, { instances: 2, label: 'two-instances' });
}
