import { type ArmKind, collectGarbage, qrLoginHeartbeat, readHeapUsedBytes, speaksSocketIo } from '../arms/services';
import type { Bench } from '../context';
import { healthNote } from '../context';
import { delay } from '../lib/open-loop';
import { sampleProcess } from '../lib/proc';
import type { Variant } from '../options';
import { type ConfirmStep, confirmCounts, runConfirmStep } from './confirm-step';

export interface WaitingMeasurement {
  /** The arm's name in the tables: its kind, or "qr-login <variant>". */
  arm: string;
  connected: number;
  connectPerSecond: number;
  connectCpuMsPerBrowser: number;
  rssKiBPerBrowser: number;
  /** The same growth read without forcing a GC before either reading. */
  rssNoGcKiBPerBrowser: number;
  idleSeconds: number;
  heapKiBPerBrowser: number | undefined;
  idleCpuPercent: number;
  idleCpuMsPerBrowserSecond: number;
  foreignCores: number;
  generator: string;
}

export interface PushArmResult {
  waiting: WaitingMeasurement;
  confirms: ConfirmStep[];
  /** scans refused or failed before the confirm steps (each such login's confirm never runs) */
  scanErrors: number;
}

const settleMs = 2_000;

/**
 * The idle window as whole ping intervals of the arm (at least `seconds`): browsers connect within a few seconds
 * of each other, so a window that is not a multiple of the interval catches each socket's ping once or not at all
 * depending on where it starts, and the cost per second with it.
 */
function idleWindowSeconds(kind: ArmKind, seconds: number, env: Record<string, string>): number {
  if (!speaksSocketIo(kind)) return seconds;
  // the socketio arm pings as qr-login does (startSocketIo); the fan-out arms are not run here
  const interval = qrLoginHeartbeat(env).intervalSeconds;
  return Math.ceil(seconds / interval) * interval;
}

/**
 * Scenarios 2 and 3 on one population: N browsers wait on websockets (memory, connect and idle cost),
 * then phones confirm some of them at each rate while all N stay connected.
 */
export async function pushArm(bench: Bench, kind: ArmKind, variant?: Variant): Promise<PushArmResult> {
  const { waiting, confirmRates } = bench.options;
  const arm = variant ? `${kind} ${variant.name}` : kind;
  const env = { ...bench.options.qrEnv, ...variant?.env };
  const idleSeconds = idleWindowSeconds(kind, bench.options.idleSeconds, env);
  return bench.withService(
    kind,
    async (service) => {
      bench.log(`${arm}: creating ${waiting} logins`);
      await bench.createPopulation(waiting);
      await delay(settleMs);
      const rssBeforeNoGc = sampleProcess(service.pid).rssBytes;
      await collectGarbage(service);
      const heapBefore = await readHeapUsedBytes(service);
      const rssBefore = sampleProcess(service.pid).rssBytes;
      bench.log(`${arm}: connecting ${waiting} browsers`);
      const connect = await bench.measure([service.pid], () => bench.connectPopulation());
      const connected = connect.result.connected;
      await delay(settleMs);
      const rssAfterNoGc = sampleProcess(service.pid).rssBytes;
      await collectGarbage(service);
      const heapAfter = await readHeapUsedBytes(service);
      const rssAfter = sampleProcess(service.pid).rssBytes;
      bench.log(`${arm}: ${connected} browsers idle for ${idleSeconds} s`);
      const idle = await bench.measure([service.pid], () => delay(idleSeconds * 1000));
      const perBrowser = (bytes: number) => bytes / 1024 / Math.max(1, connected);
      const measurement: WaitingMeasurement = {
        arm,
        connected,
        connectPerSecond: connected / (connect.deltas[0]!.wallMs / 1000),
        connectCpuMsPerBrowser: connect.deltas[0]!.cpuMs / Math.max(1, connected),
        rssKiBPerBrowser: perBrowser(rssAfter - rssBefore),
        rssNoGcKiBPerBrowser: perBrowser(rssAfterNoGc - rssBeforeNoGc),
        idleSeconds,
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
        rssBeforeNoGc,
        rssAfterNoGc,
        heapBefore,
        heapAfter,
        connect: connect.deltas[0],
        idle: idle.deltas[0],
        connectLatency: connect.result.latency,
      });

      const confirms: ConfirmStep[] = [];
      let scanErrors = 0;
      if (bench.options.scenarios.includes('confirm')) {
        const counts = confirmCounts(bench, confirmRates, connected);
        bench.log(`${arm}: phones scan ${counts.reduce((a, b) => a + b, 0)} logins (untimed)`);
        const scans = await bench.scan(counts.reduce((a, b) => a + b, 0));
        scanErrors = scans.results.reduce((sum, one) => sum + Object.values(one.errors).reduce((a, b) => a + b, 0), 0);
        if (scanErrors)
          bench.log(`${arm}: ${scanErrors} scans failed: ${JSON.stringify(scans.results.map((one) => one.errors))}`);
        for (const [index, rate] of confirmRates.entries()) {
          bench.log(`${arm}: ${counts[index]} confirms at ${rate}/s with ${connected} waiting`);
          const step = await runConfirmStep(bench, [service.pid], rate, counts[index]!, 5_000);
          bench.record('confirm', { arm, waiting: connected, ...step });
          confirms.push(step);
        }
      }
      return { waiting: measurement, confirms, scanErrors };
    },
    { env: variant?.env },
  );
}
