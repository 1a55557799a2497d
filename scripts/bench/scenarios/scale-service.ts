/**
 * The service side of the scale scenario: qr-login itself, 1, 2 and 4 instance processes on one node and on
 * the 3-shard cluster, confirm to browser at each configured rate, and the floor arm (one bare process on the
 * bench's Redis) as the machine's reference. The generators, the confirm steps and their cells are the bench's
 * own (two-instances.ts, confirm-step.ts).
 */
import { loadavg } from 'node:os';
import type { Bench } from '../context';
import { healthNote } from '../context';
import { type ProcDelta, perUnit } from '../lib/proc';
import type { Cell, Table } from '../lib/table';
import { DETECTION_COLUMNS, detectionCells } from './confirm-step';
import type { Engine } from './scale-engines';
import { type ConfirmsRun, confirmsAcross, confirmsAcrossInstances } from './two-instances';

/** Instance counts measured on each engine; each needs as many generators (one holds its browsers on each). */
export const SCALE_INSTANCES = [1, 2, 4];

interface ServiceRun {
  arm: string;
  engine: string;
  instances: number;
  run: ConfirmsRun;
}

function rows({ arm, engine, instances, run }: ServiceRun): Cell[][] {
  return run.confirms.map((step) => {
    const own = step.servers.slice(0, instances);
    const redis = step.servers.slice(instances);
    const cpuMs = (deltas: ProcDelta[]) => deltas.reduce((sum, one) => sum + one.cpuMs, 0);
    const wallMs = step.servers[0]!.wallMs;
    return [
      arm,
      engine,
      instances,
      run.waiting,
      ...detectionCells(step),
      (step.confirmOk * 1000) / wallMs,
      own.map((one) => one.cpuPercent.toFixed(0)).join('+'),
      perUnit(cpuMs(own), step.sent),
      perUnit(cpuMs(redis), step.sent),
      step.foreignCores,
      step.loadAverage,
      healthNote(step.health),
    ];
  });
}

/** Runs the floor, then every engine with each instance count, and returns the table. */
export async function scaleServiceTable(bench: Bench, engines: Engine[]): Promise<Table> {
  const loadBefore = loadavg()[0]!;
  const runs: ServiceRun[] = [];
  const floor = await bench.withService('floor', (service) =>
    confirmsAcross(bench, 'floor', [service], [bench.redis.pid], 'scale-floor'),
  );
  runs.push({ arm: 'floor', engine: 'one node', instances: 1, run: floor });
  for (const engine of engines) {
    for (const instances of SCALE_INSTANCES) {
      const label = `scale-${engine.shards}shard-${instances}inst`;
      const run = await confirmsAcrossInstances(bench, { redis: engine.placement, instances, label });
      runs.push({ arm: 'qr-login', engine: engine.name, instances, run });
    }
  }
  return {
    title:
      `Scale: confirm to browser by engine and instances (ms; browsers spread over the instances, each phone at the next one; ` +
      `load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end)`,
    columns: [
      'arm',
      'engine',
      'instances',
      'waiting',
      ...DETECTION_COLUMNS,
      'confirmed/s',
      'instance CPU %',
      'instance CPU-µs/confirm',
      'Redis CPU-µs/confirm',
      'other load (cores)',
      'load avg 1 min',
      'generator',
    ],
    rows: runs.flatMap(rows),
    notes: [
      'Open loop; latency from the intended send of the confirm until its browser is pushed "confirmed"; the first second is warm-up.',
      'confirmed/s = confirms answered 200 / the step from first intended send to the last push (a server that falls behind shows less than offered).',
      'CPU from /proc/<pid>/stat over the step: instance % per process (of one core); CPU-µs/confirm = all instances (or all Redis nodes, replicas included) / confirms sent.',
      'Everything shares 2 cores with the generators: more instances cannot add throughput here; read the rows as cost and shape.',
    ],
  };
}
