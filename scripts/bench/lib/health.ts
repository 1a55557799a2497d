import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface GeneratorHealth {
  /** event-loop delay percentiles of the generator process, milliseconds */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** CPU of the generator process over the phase, percent of one core */
  cpuPercent: number;
  /** true when the generator could not keep its schedule, so its numbers are suspect */
  overloaded: boolean;
}

/** Thresholds above which a generator's own delay would pollute the latency it measures. */
const overloadLoopDelayP99Ms = 20;
const overloadCpuPercent = 90;
/** The monitor's samples include its own timer period, which is subtracted to leave the delay. */
const samplingResolutionMs = 5;

/** Watches the generator's own event loop and CPU for the length of one phase. */
export function watchHealth(): { stop(): GeneratorHealth } {
  const histogram = monitorEventLoopDelay({ resolution: samplingResolutionMs });
  histogram.enable();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  return {
    stop() {
      histogram.disable();
      const cpu = process.cpuUsage(cpuBefore);
      const wallMs = performance.now() - wallBefore;
      const cpuPercent = wallMs > 0 ? (100 * (cpu.user + cpu.system)) / 1000 / wallMs : 0;
      const delayMs = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - samplingResolutionMs);
      const loopDelayP99Ms = histogram.count > 0 ? delayMs(histogram.percentile(99)) : 0;
      const loopDelayMaxMs = histogram.count > 0 ? delayMs(histogram.max) : 0;
      return {
        loopDelayP99Ms,
        loopDelayMaxMs,
        cpuPercent,
        overloaded: loopDelayP99Ms > overloadLoopDelayP99Ms || cpuPercent > overloadCpuPercent,
      };
    },
  };
}

export function combineHealth(all: GeneratorHealth[]): GeneratorHealth {
  return {
    loopDelayP99Ms: Math.max(0, ...all.map((one) => one.loopDelayP99Ms)),
    loopDelayMaxMs: Math.max(0, ...all.map((one) => one.loopDelayMaxMs)),
    cpuPercent: Math.max(0, ...all.map((one) => one.cpuPercent)),
    overloaded: all.some((one) => one.overloaded),
  };
}
