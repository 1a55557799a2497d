import { startQrLogin } from '../arms/services';
import type { Bench } from '../context';
import { type ConfirmStep, confirmCounts, runConfirmStep } from './confirm-step';

/**
 * Scenario 6: two qr-login processes on one Redis with one key prefix. Every browser holds its
 * socket on instance A, every phone talks to instance B, so each push crosses Redis pub/sub.
 */
export async function twoInstances(bench: Bench): Promise<{ waiting: number; confirms: ConfirmStep[] }> {
  const keyPrefix = `bench-two:${process.pid}:${Date.now()}:`;
  const a = await startQrLogin({ redisUrl: bench.redis.url, keyPrefix, label: 'qr-login-A' });
  const b = await startQrLogin({ redisUrl: bench.redis.url, keyPrefix, label: 'qr-login-B' });
  try {
    await bench.pointGenerators('qr-login', a.url, b.url);
    const { waiting, confirmRates } = bench.options;
    bench.log(`two instances: ${waiting} browsers on A, phones on B`);
    await bench.createPopulation(waiting);
    const { connected } = await bench.connectPopulation();
    const counts = confirmCounts(bench, confirmRates, connected);
    await bench.scan(counts.reduce((sum, one) => sum + one, 0));
    const confirms: ConfirmStep[] = [];
    for (const [index, rate] of confirmRates.entries()) {
      bench.log(`two instances: ${counts[index]} confirms at ${rate}/s`);
      const step = await runConfirmStep(bench, [a.pid, b.pid], rate, counts[index]!, 5_000);
      bench.record('two-instances', { waiting: connected, ...step });
      confirms.push(step);
    }
    return { waiting: connected, confirms };
  } finally {
    await bench.pool.all(() => ({ op: 'reset' }));
    await Promise.all([a.stop(), b.stop()]);
  }
}
