import { type Bench, healthNote } from '../context';
import type { PollResult } from '../gen/protocol';
import { combineHealth } from '../lib/health';
import { type LatencySummaryMs, mergeEncoded, summariseMs } from '../lib/histogram';
import { delay } from '../lib/open-loop';
import { deltaBetween, sampleProcess } from '../lib/proc';
import { type ConfirmStep, confirmCounts, runConfirmStep } from './confirm-step';

export interface PollingArmResult {
  pollers: number;
  pollsPerSecond: number;
  cpuMsPerPoll: number;
  serverCpuPercent: number;
  pollResponse: LatencySummaryMs;
  confirm: ConfirmStep;
  requestsPerLogin: number;
  generator: string;
}

const pollIntervalMs = 1_000;

/**
 * Scenario 4: the same service's polling endpoint, every browser asking once a second. First a window
 * of pure polling prices one poll in server CPU; then phones confirm and each browser's next poll
 * detects it, timed from the confirm's intended send like the push arm.
 */
export async function pollingArm(bench: Bench): Promise<PollingArmResult> {
  const { pollers, pollConfirmRate, durationSeconds } = bench.options;
  return bench.withService('qr-login', async (service) => {
    bench.log(`polling: creating ${pollers} logins`);
    await bench.createPopulation(pollers);
    const [count] = confirmCounts(bench, [pollConfirmRate], pollers);
    await bench.scan(count!);
    bench.log(`polling: ${pollers} browsers poll every ${pollIntervalMs} ms`);
    await bench.pool.all(() => ({ op: 'poll-start', intervalMs: pollIntervalMs }));
    await delay(pollIntervalMs + 500);
    const countRequests = async () =>
      // answered, not sent: a poll still queued in the generator has cost the server nothing yet
      (await bench.pool.all<{ answered: number }>(() => ({ op: 'poll-count' }))).results.reduce(
        (sum, one) => sum + one.answered,
        0,
      );
    const requestsBefore = await countRequests();
    const before = sampleProcess(service.pid);
    await delay(durationSeconds * 1000);
    const after = sampleProcess(service.pid);
    const requestsInWindow = (await countRequests()) - requestsBefore;
    const window = deltaBetween(before, after);
    bench.log(`polling: ${count} confirms at ${pollConfirmRate}/s, detected by the next poll`);
    const confirm = await runConfirmStep(bench, [service.pid], pollConfirmRate, count!, pollIntervalMs * 3);
    const { results } = await bench.pool.all<PollResult>(() => ({ op: 'poll-stop' }));
    const health = combineHealth([...results.map((one) => one.health), confirm.health]);
    const totalRequests = results.reduce((sum, one) => sum + one.requests, 0);
    const elapsedS = Math.max(...results.map((one) => one.elapsedMs)) / 1000;
    const result: PollingArmResult = {
      pollers,
      pollsPerSecond: requestsInWindow / (window.wallMs / 1000),
      cpuMsPerPoll: window.cpuMs / Math.max(1, requestsInWindow),
      serverCpuPercent: window.cpuPercent,
      pollResponse: summariseMs(mergeEncoded(results.map((one) => one.latency))),
      confirm,
      requestsPerLogin: totalRequests / pollers,
      generator: healthNote(health),
    };
    bench.record('polling', {
      ...result,
      window,
      totalRequests,
      elapsedS,
      pollHistograms: results.map((one) => one.latency),
    });
    return result;
  });
}
