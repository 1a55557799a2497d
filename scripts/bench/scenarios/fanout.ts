import { type FanoutArm, startFanout } from '../arms/services';
import type { Bench } from '../context';
import { healthNote } from '../context';
import { type ProcDelta, perUnit } from '../lib/proc';
import type { Cell } from '../lib/table';
import { type ConfirmStep, confirmCounts, DETECTION_COLUMNS, detectionCells, runConfirmStep } from './confirm-step';

interface FanoutRun {
  kind: FanoutArm;
  round: number;
  waiting: number;
  /** CPU of instance A, instance B and Redis while the browsers connected */
  connect: ProcDelta[];
  connectForeignCores: number;
  confirms: ConfirmStep[];
}

const labels: Record<FanoutArm, string> = {
  'fanout-plain': 'plain subscriber',
  'fanout-adapter': 'redis-adapter',
  'fanout-sharded': 'redis-adapter sharded',
};

/**
 * Issue 3: the two ways a change made at one instance reaches a browser held by another, measured side
 * by side. Two instances of one fan-out arm share the bench's Redis; the browsers are spread over both,
 * and each confirm goes to the instance that does not hold that browser. The arms alternate order per round.
 */
export async function fanout(bench: Bench, arms: FanoutArm[]): Promise<void> {
  const runs: FanoutRun[] = [];
  for (let round = 1; round <= bench.options.rounds; round += 1) {
    for (const kind of round % 2 === 1 ? arms : [...arms].reverse()) runs.push(await fanoutArm(bench, kind, round));
  }
  bench.tables.push({
    title: 'Fan-out across two instances: confirm at one instance -> browser on the other sees "confirmed" (ms)',
    columns: [
      'design',
      'round',
      'waiting (A+B)',
      ...DETECTION_COLUMNS,
      'CPU % A+B',
      'Redis CPU %',
      'A+B CPU-µs/confirm',
      'Redis CPU-µs/confirm',
      'other load (cores)',
      'generator',
    ],
    rows: runs.flatMap((run) =>
      run.confirms.map((step): Cell[] => {
        const [a, b, redis] = step.servers;
        return [
          labels[run.kind],
          run.round,
          run.waiting,
          ...detectionCells(step),
          `${a!.cpuPercent.toFixed(0)}+${b!.cpuPercent.toFixed(0)}`,
          redis!.cpuPercent,
          perUnit(a!.cpuMs + b!.cpuMs, step.sent),
          perUnit(redis!.cpuMs, step.sent),
          step.foreignCores,
          healthNote(step.health),
        ];
      }),
    ),
    notes: [
      "CPU from /proc/<pid>/stat over the whole step (Redis: the bench's own redis-server, which serves nothing else); % of one core;",
      'CPU-µs/confirm = that CPU / every confirm sent in the step, warm-up included (10 ms clock ticks, so a few % of noise).',
    ],
  });
  bench.tables.push({
    title:
      'Fan-out arms: cost of connecting the waiting browsers (sharded mode SSUBSCRIBEs one channel per login room)',
    columns: ['design', 'round', 'browsers', 'A+B CPU-µs/browser', 'Redis CPU-µs/browser', 'other load (cores)'],
    rows: runs.map((run) => {
      const [a, b, redis] = run.connect;
      return [
        labels[run.kind],
        run.round,
        run.waiting,
        perUnit(a!.cpuMs + b!.cpuMs, run.waiting),
        perUnit(redis!.cpuMs, run.waiting),
        run.connectForeignCores,
      ];
    }),
  });
}

async function fanoutArm(bench: Bench, kind: FanoutArm, round: number): Promise<FanoutRun> {
  const keyPrefix = `bench-fanout:${process.pid}:${kind}:${round}:`;
  const a = await startFanout(kind, { redisUrl: bench.redis.url, keyPrefix, label: `${kind}-${round}-A` });
  const b = await startFanout(kind, { redisUrl: bench.redis.url, keyPrefix, label: `${kind}-${round}-B` });
  try {
    await bench.pointGeneratorsAcross(kind, [a.url, b.url]);
    const { waiting, confirmRates } = bench.options;
    bench.log(`${kind} round ${round}: ${waiting} browsers over A and B, each confirmed at the other instance`);
    await bench.createPopulation(waiting);
    const connect = await bench.measure([a.pid, b.pid, bench.redis.pid], () => bench.connectPopulation());
    const connected = connect.result.connected;
    const counts = confirmCounts(bench, confirmRates, connected);
    await bench.scan(counts.reduce((sum, one) => sum + one, 0));
    const confirms: ConfirmStep[] = [];
    for (const [index, rate] of confirmRates.entries()) {
      bench.log(`${kind} round ${round}: ${counts[index]} confirms at ${rate}/s`);
      const step = await runConfirmStep(bench, [a.pid, b.pid, bench.redis.pid], rate, counts[index]!, 5_000);
      bench.record('fanout', { kind, round, waiting: connected, ...step });
      confirms.push(step);
    }
    return {
      kind,
      round,
      waiting: connected,
      connect: connect.deltas,
      connectForeignCores: connect.foreignCores,
      confirms,
    };
  } finally {
    await bench.pool.all(() => ({ op: 'reset' }));
    await Promise.all([a.stop(), b.stop()]);
  }
}
