import { type ArmKind, collectGarbage, readHeapUsedBytes } from '../arms/services';
import type { Bench } from '../context';
import { healthNote } from '../context';
import { delay } from '../lib/open-loop';
import { sampleProcess } from '../lib/proc';
import { type ConfirmStep, confirmCounts, runConfirmStep } from './confirm-step';

export interface WaitingMeasurement {
  kind: ArmKind;
  connected: number;
  connectPerSecond: number;
  connectCpuMsPerBrowser: number;
  rssKiBPerBrowser: number;
  heapKiBPerBrowser: number | undefined;
  idleCpuPercent: number;
  idleCpuMsPerBrowserSecond: number;
  foreignCores: number;
  generator: string;
}

export interface PushArmResult {
  waiting: WaitingMeasurement;
  confirms: ConfirmStep[];
}

const settleMs = 2_000;

/**
 * Scenarios 2 and 3 on one population: N browsers wait on websockets (memory, connect and idle cost),
 * then phones confirm some of them at each rate while all N stay connected.
 */
export async function pushArm(bench: Bench, kind: ArmKind): Promise<PushArmResult> {
  const { waiting, idleSeconds, confirmRates } = bench.options;
  return bench.withService(kind, async (service) => {
    bench.log(`${kind}: creating ${waiting} logins`);
    await bench.createPopulation(waiting);
    await delay(settleMs);
    await collectGarbage(service);
    const heapBefore = await readHeapUsedBytes(service);
    const rssBefore = sampleProcess(service.pid).rssBytes;
    bench.log(`${kind}: connecting ${waiting} browsers`);
    const connect = await bench.measure([service.pid], () => bench.connectPopulation());
    const connected = connect.result.connected;
    await delay(settleMs);
    await collectGarbage(service);
    const heapAfter = await readHeapUsedBytes(service);
    const rssAfter = sampleProcess(service.pid).rssBytes;
    bench.log(`${kind}: ${connected} browsers idle for ${idleSeconds} s`);
    const idle = await bench.measure([service.pid], () => delay(idleSeconds * 1000));
    const perBrowser = (bytes: number) => bytes / 1024 / Math.max(1, connected);
    const measurement: WaitingMeasurement = {
      kind,
      connected,
      connectPerSecond: connected / (connect.deltas[0]!.wallMs / 1000),
      connectCpuMsPerBrowser: connect.deltas[0]!.cpuMs / Math.max(1, connected),
      rssKiBPerBrowser: perBrowser(rssAfter - rssBefore),
      heapKiBPerBrowser:
        heapBefore !== undefined && heapAfter !== undefined ? perBrowser(heapAfter - heapBefore) : undefined,
      idleCpuPercent: idle.deltas[0]!.cpuPercent,
      idleCpuMsPerBrowserSecond: idle.deltas[0]!.cpuMs / Math.max(1, connected) / idleSeconds,
      foreignCores: Math.max(connect.foreignCores, idle.foreignCores),
      generator: healthNote(connect.result.health),
    };
    bench.record('waiting', {
      ...measurement,
      rssBefore,
      rssAfter,
      heapBefore,
      heapAfter,
      connect: connect.deltas[0],
      idle: idle.deltas[0],
      connectLatency: connect.result.latency,
    });

    const confirms: ConfirmStep[] = [];
    if (bench.options.scenarios.includes('confirm')) {
      const counts = confirmCounts(bench, confirmRates, connected);
      bench.log(`${kind}: phones scan ${counts.reduce((a, b) => a + b, 0)} logins (untimed)`);
      await bench.scan(counts.reduce((a, b) => a + b, 0));
      for (const [index, rate] of confirmRates.entries()) {
        bench.log(`${kind}: ${counts[index]} confirms at ${rate}/s with ${connected} waiting`);
        const step = await runConfirmStep(bench, [service.pid], rate, counts[index]!, 5_000);
        bench.record('confirm', { kind, waiting: connected, ...step });
        confirms.push(step);
      }
    }
    return { waiting: measurement, confirms };
  });
}
