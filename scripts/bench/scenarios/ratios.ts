import type { Cell, Table } from '../lib/table';
import type { PollingArmResult } from './polling';
import type { WaitingMeasurement } from './push';

export const waitTimesSeconds = [3, 5, 10, 30];

/**
 * Scenario 5: server CPU per login over wait time, from per-operation costs measured in this run.
 * Push pays one connect (handshake, auth, first state) plus idle upkeep per second; polling pays one
 * request per second plus the one that detects the change. Work both designs share (create, scan,
 * confirm) is left out of both sides.
 */
export function cpuPerLogin(push: WaitingMeasurement, poll: PollingArmResult, waitSeconds: number) {
  const pushMs = push.connectCpuMsPerBrowser + push.idleCpuMsPerBrowserSecond * waitSeconds;
  const pollRequests = waitSeconds + 1;
  const pollMs = poll.cpuMsPerPoll * pollRequests;
  return { pushMs, pollMs, pollRequests };
}

export function ratiosTable(push: WaitingMeasurement, poll: PollingArmResult): Table {
  const rows: Cell[][] = waitTimesSeconds.map((wait) => {
    const { pushMs, pollMs, pollRequests } = cpuPerLogin(push, poll, wait);
    return [wait, pushMs, pollMs, pushMs / pollMs, pollRequests, 1, pollRequests];
  });
  const perSecondSaving = poll.cpuMsPerPoll - push.idleCpuMsPerBrowserSecond;
  const breakEven =
    perSecondSaving > 0 ? (push.connectCpuMsPerBrowser - poll.cpuMsPerPoll) / perSecondSaving : Infinity;
  return {
    title: 'Push vs 1 s polling: server CPU and requests per login over wait time (qr-login)',
    columns: [
      'wait s',
      'push CPU-ms/login',
      'poll CPU-ms/login',
      'CPU push/poll',
      'poll requests/login',
      'push requests/login',
      'requests poll/push',
    ],
    rows,
    notes: [
      `push = connect ${push.connectCpuMsPerBrowser.toFixed(3)} ms + idle ${(push.idleCpuMsPerBrowserSecond * 1000).toFixed(2)} µs/s x wait; ` +
        `poll = ${poll.cpuMsPerPoll.toFixed(3)} ms/request x (wait + 1). Push is cheaper for waits over ${Number.isFinite(breakEven) ? breakEven.toFixed(1) : '∞'} s.`,
      'Push requests = the one websocket upgrade; Socket.IO heartbeats are frames on it, and their CPU is inside the idle cost.',
    ],
  };
}
