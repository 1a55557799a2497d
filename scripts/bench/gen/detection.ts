import type { Histogram } from 'hdr-histogram-js';
import { newLatencyHistogram, recordMs } from '../lib/histogram';

/**
 * Where the browsers' "confirmed" of one confirm phase are recorded, push and poll alike: how many were seen, the
 * latency of each measured one from its confirm's intended send, and the worst latency per second of the phase.
 */
export class Detection {
  readonly histogram: Histogram = newLatencyHistogram();
  count = 0;
  private readonly startMs = performance.now();
  private readonly worst: number[] = [];

  /** A browser learnt "confirmed" for a confirm intended at `intendedAtMs`; `measured` outside the warm-up. */
  saw(intendedAtMs: number, measured: boolean): void {
    this.count += 1;
    if (!measured) return;
    const latencyMs = performance.now() - intendedAtMs;
    recordMs(this.histogram, latencyMs);
    const second = Math.floor((intendedAtMs - this.startMs) / 1000);
    this.worst[second] = Math.max(this.worst[second] ?? 0, latencyMs);
  }

  /** The worst latency among confirms intended in each second of the phase, to see stalls in time. */
  worstPerSecond(): number[] {
    return Array.from(this.worst, (value) => Math.round(value ?? 0));
  }
}
