import type { Histogram } from 'hdr-histogram-js';
import { watchHealth } from '../lib/health';
import { encodeHistogram, newLatencyHistogram, recordMs } from '../lib/histogram';
import type { StateUpdate } from './browsers';
import { countError, describe, type ErrorCounts } from './error-counts';
import type { JsonClient } from './http-client';
import type { PollResult } from './protocol';

/** A login a browser without a socket follows by polling its status. */
export interface PolledLogin {
  id: string;
  secret: string;
  /** Set once the awaited state was seen: its poller stops. */
  detected: boolean;
}

/**
 * The polling fallback for a set of logins: each polls `GET /api/qr/:id` every interval from a random phase (as
 * real browsers open the page at random moments) until its login is detected or the round stops.
 */
export class PollingRound {
  requests = 0;
  answered = 0;
  private readonly errors: ErrorCounts = {};
  private readonly latency: Histogram = newLatencyHistogram();
  private readonly startedMs = performance.now();
  private readonly health = watchHealth();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly client: JsonClient,
    logins: PolledLogin[],
    intervalMs: number,
    onStatus: (login: PolledLogin, status: StateUpdate) => void,
  ) {
    for (const login of logins) {
      let timer: NodeJS.Timeout | undefined;
      const pollOnce = () =>
        this.poll(login, (status) => {
          onStatus(login, status);
          if (login.detected && timer) this.clear(timer);
        });
      timer = setTimeout(() => {
        this.timers.delete(timer!);
        timer = setInterval(pollOnce, intervalMs);
        this.timers.add(timer);
        pollOnce();
      }, Math.random() * intervalMs);
      this.timers.add(timer);
    }
  }

  /** Stops every poller and says what the round measured. */
  stop(): PollResult {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    return {
      requests: this.requests,
      errors: this.errors,
      latency: encodeHistogram(this.latency),
      elapsedMs: performance.now() - this.startedMs,
      health: this.health.stop(),
    };
  }

  private poll(login: PolledLogin, onStatus: (status: StateUpdate) => void): void {
    this.requests += 1;
    const begun = performance.now();
    this.client.request('GET', `/api/qr/${login.id}`, { 'x-qr-secret': login.secret }).then(
      (response) => {
        this.answered += 1;
        recordMs(this.latency, performance.now() - begun);
        if (response.status !== 200)
          return countError(this.errors, `poll ${response.status} ${response.body?.error?.code ?? ''}`);
        onStatus(response.body as StateUpdate);
      },
      (error) => countError(this.errors, `poll ${describe(error)}`),
    );
  }

  private clear(timer: NodeJS.Timeout): void {
    clearInterval(timer);
    this.timers.delete(timer);
  }
}
