import { loadavg } from 'node:os';
import type { Bench } from '../context';
import type { ConfirmResult } from '../gen/protocol';
import type { GeneratorHealth } from '../lib/health';
import { type LatencySummaryMs, mergeEncoded, summariseMs } from '../lib/histogram';
import type { ProcDelta } from '../lib/proc';
import type { Cell } from '../lib/table';

export interface ConfirmStep {
  ratePerSecond: number;
  sent: number;
  confirmOk: number;
  lost: number;
  errors: [string, number][];
  detection: LatencySummaryMs;
  confirmResponse: LatencySummaryMs;
  servers: ProcDelta[];
  /** CPU cores other programs on the shared machine used during the step */
  foreignCores: number;
  /** the machine's 1-minute load average at the end of the step, the shared box's other work included */
  loadAverage: number;
  health: GeneratorHealth;
  histograms: string[];
  /** per second of the step, the worst latency any generator saw */
  worstPerSecondMs: number[];
}

const checkCodeWaitMs = 5_000;

/**
 * Confirms `count` already scanned logins at `ratePerSecond`, open loop, and measures the time from
 * each confirm's intended send until its browser learns "confirmed" (by push or by its next poll).
 */
export async function runConfirmStep(
  bench: Bench,
  serverPids: number[],
  ratePerSecond: number,
  count: number,
  graceMs: number,
): Promise<ConfirmStep> {
  // the number a phone's user picks reaches the browser after the scan's answer: wait for it outside the step
  const codes = await bench.pool.all<{ missing: number }>(
    bench.spread(count, ratePerSecond, 0, (share) => ({ op: 'check-codes', count: share, timeoutMs: checkCodeWaitMs })),
  );
  const missing = codes.results.reduce((sum, one) => sum + one.missing, 0);
  if (missing) bench.log(`${missing} browsers never showed a check code: their confirms count as errors`);
  const warmup = Math.min(Math.round(ratePerSecond * bench.options.warmupSeconds), Math.floor(count / 2));
  const { result, deltas, foreignCores } = await bench.measure(serverPids, () =>
    bench.pool.all<ConfirmResult>(
      bench.spread(count, ratePerSecond, warmup, (share, rate, warmupCount) => ({
        op: 'confirm',
        count: share,
        ratePerSecond: rate,
        warmupCount,
        graceMs,
      })),
    ),
  );
  const sum = (pick: (one: ConfirmResult) => number) => result.results.reduce((total, one) => total + pick(one), 0);
  const histograms = result.results.map((one) => one.detection);
  return {
    ratePerSecond,
    sent: sum((one) => one.sent),
    confirmOk: sum((one) => one.confirmOk),
    lost: sum((one) => one.lost),
    errors: result.results.flatMap((one) => Object.entries(one.errors)),
    detection: summariseMs(mergeEncoded(histograms)),
    confirmResponse: summariseMs(mergeEncoded(result.results.map((one) => one.confirmResponse))),
    servers: deltas,
    foreignCores,
    loadAverage: loadavg()[0]!,
    health: result.health,
    histograms,
    worstPerSecondMs: result.results.reduce<number[]>(
      (worst, one) => one.worstPerSecond.map((value, second) => Math.max(value, worst[second] ?? 0)),
      [],
    ),
  };
}

/** How many confirms each rate gets: warm-up plus measured seconds, scaled down to fit the population. */
export function confirmCounts(bench: Bench, rates: number[], population: number): number[] {
  const wanted = rates.map((rate) => Math.round(rate * (bench.options.warmupSeconds + bench.options.durationSeconds)));
  const total = wanted.reduce((sum, one) => sum + one, 0);
  if (total <= population) return wanted;
  bench.log(
    `only ${population} browsers for ${total} confirms: every step shortened by ${(population / total).toFixed(2)}x`,
  );
  return wanted.map((one) => Math.floor((one * population) / total));
}

/** Server CPU (every measured process) over the step per confirm sent in it, warm-up included, in ms. */
export function cpuMsPerConfirm(step: ConfirmStep): number {
  return step.servers.reduce((sum, server) => sum + server.cpuMs, 0) / Math.max(1, step.sent);
}

/** The headers of `detectionCells`, in its order. */
export const DETECTION_COLUMNS = ['confirms/s', 'measured', 'p50', 'p90', 'p99', 'max', 'lost+errors'];

/** The cells every confirm table shares: offered rate, confirms detected, their latency, and what failed. */
export function detectionCells(step: ConfirmStep): Cell[] {
  const failures = step.lost + step.errors.reduce((sum, [, count]) => sum + count, 0);
  const { count, p50, p90, p99, max } = step.detection;
  return [step.ratePerSecond, count, p50, p90, p99, max, failures];
}
