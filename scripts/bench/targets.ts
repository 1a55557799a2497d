import type { Bench } from './context';
import type { LatencySummaryMs } from './lib/histogram';
import type { Cell, Table } from './lib/table';
import type { ConfirmStep } from './scenarios/confirm-step';
import type { PollingArmResult } from './scenarios/polling';
import type { PushArmResult } from './scenarios/push';
import { cpuPerLogin } from './scenarios/ratios';

interface IssueRecord {
  kind: string;
  image: string;
  offeredPerSecond: number;
  ok: number;
  elapsedS: number;
  latency: LatencySummaryMs;
  foreignCores: number;
}

/** Above this much CPU taken by other programs, a verdict says the shared box disturbed it. */
const disturbedCores = 0.25;

function verdict(holds: boolean | undefined, foreignCores = 0): string {
  const base = holds === undefined ? 'not run' : holds ? 'holds' : 'MISSES';
  return holds !== undefined && foreignCores > disturbedCores
    ? `${base} (disturbed: others used ${foreignCores.toFixed(1)} cores)`
    : base;
}

/** The issue's targets and the project's floor yardstick, checked against what this run measured. */
export function targetsTable(
  bench: Bench,
  push: { kind: string; result: PushArmResult }[],
  poll: PollingArmResult | undefined,
  two: { confirms: ConfirmStep[] } | undefined,
): Table {
  const rows: Cell[][] = [];
  const last = (kind: string) => push.filter((one) => one.kind === kind).at(-1)?.result;
  const qr = last('qr-login');
  const floor = last('floor');
  const stepAt = (result: PushArmResult | undefined, rate: number) =>
    result?.confirms.find((step) => step.ratePerSecond === rate);
  const topRate = Math.max(...bench.options.confirmRates);

  const qrTop = stepAt(qr, topRate);
  const full = qr?.waiting.connected !== undefined && qr.waiting.connected >= 10_000 && topRate >= 1000;
  rows.push([
    `confirm p99 <= 10 ms at 1,000/s, 10,000 waiting${full ? '' : ` (run: ${topRate}/s, ${qr?.waiting.connected ?? 0} waiting)`}`,
    qrTop ? `${qrTop.detection.p99.toFixed(2)} ms` : undefined,
    verdict(qrTop ? qrTop.detection.p99 <= 10 : undefined, qrTop?.foreignCores),
  ]);
  const floorTop = stepAt(floor, topRate);
  if (qrTop && floorTop) {
    const ratio = qrTop.detection.p99 / floorTop.detection.p99;
    rows.push([
      `confirm p99 within 1.5x of the floor at ${topRate}/s`,
      `${ratio.toFixed(2)}x (floor ${floorTop.detection.p99.toFixed(2)} ms)`,
      verdict(ratio <= 1.5, Math.max(qrTop.foreignCores, floorTop.foreignCores)),
    ]);
  }
  const twoTop = two?.confirms.find((step) => step.ratePerSecond === topRate);
  if (twoTop)
    rows.push([
      `two instances: confirm p99 <= 10 ms at ${topRate}/s`,
      `${twoTop.detection.p99.toFixed(2)} ms`,
      verdict(twoTop.detection.p99 <= 10, twoTop.foreignCores),
    ]);

  const capacity = (bench.raw.capacity ?? []) as { connected: number; rssBefore: number; rssAfter: number }[];
  const waitingSamples = [
    ...(qr ? [{ connected: qr.waiting.connected, kib: qr.waiting.rssKiBPerBrowser }] : []),
    ...capacity.map((one) => ({
      connected: one.connected,
      kib: (one.rssAfter - one.rssBefore) / 1024 / Math.max(1, one.connected),
    })),
  ];
  const biggest = waitingSamples.sort((a, b) => b.connected - a.connected)[0];
  rows.push([
    `20,000 waiting on one instance (fd cap: ~19,900/process) at <= 15 KiB RSS each`,
    biggest ? `${biggest.connected} waiting, ${biggest.kib.toFixed(1)} KiB` : undefined,
    biggest && biggest.connected < 19_000
      ? `${verdict(biggest.kib <= 15)} per browser; size not tried (--scenarios capacity)`
      : verdict(biggest ? biggest.kib <= 15 : undefined),
  ]);
  if (qr)
    rows.push([
      '<= 12 KiB RSS per waiting browser (floor guidance)',
      `${qr.waiting.rssKiBPerBrowser.toFixed(1)} KiB`,
      verdict(qr.waiting.rssKiBPerBrowser <= 12),
    ]);
  // at small sizes the floor's RSS growth is within allocator noise (it can even shrink): no ratio then
  if (qr && floor && floor.waiting.rssKiBPerBrowser >= 0.5) {
    const ratio = qr.waiting.rssKiBPerBrowser / floor.waiting.rssKiBPerBrowser;
    rows.push([
      'RSS per waiting browser against the floor',
      `${ratio.toFixed(1)}x (floor ${floor.waiting.rssKiBPerBrowser.toFixed(1)} KiB)`,
      'for information',
    ]);
  }

  const issues = (bench.raw.issue ?? []) as IssueRecord[];
  for (const [image, wanted] of [
    ['svg', 1500],
    ['none', 8000],
  ] as const) {
    const run = issues.find((one) => one.kind === 'qr-login' && one.image === image);
    const rate = run ? run.ok / run.elapsedS : undefined;
    rows.push([
      `>= ${wanted.toLocaleString('en-US')} logins/s with image=${image}, p99 < 50 ms`,
      run ? `${rate!.toFixed(0)}/s offered ${run.offeredPerSecond}/s, p99 ${run.latency.p99.toFixed(1)} ms` : undefined,
      verdict(
        run ? rate! >= wanted * 0.98 && run.offeredPerSecond >= wanted && run.latency.p99 < 50 : undefined,
        run?.foreignCores,
      ),
    ]);
  }
  if (qr && poll) {
    const atFive = cpuPerLogin(qr.waiting, poll, 5);
    rows.push([
      'push cheaper in server CPU than 1 s polling for waits >= 5 s',
      `push/poll at 5 s = ${(atFive.pushMs / atFive.pollMs).toFixed(2)}`,
      verdict(atFive.pushMs < atFive.pollMs, Math.max(qr.waiting.foreignCores, poll.confirm.foreignCores)),
    ]);
  }
  return { title: 'Targets', columns: ['target', 'measured', 'verdict'], rows };
}
