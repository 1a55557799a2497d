/**
 * `npm run bench`: starts a throwaway Redis, load-generator processes and the services under test,
 * runs the scenarios of issue 5 with the push and polling arms interleaved in one invocation, prints
 * the tables and writes raw results (with HDR histograms) to bench-results/.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ArmKind, fanoutArms, isFanoutArm, resultsDir } from './arms/services';
import { Bench, healthNote } from './context';
import { GeneratorPool } from './gen/pool';
import { startThrowawayRedis } from './lib/redis';
import { type Cell, renderTable } from './lib/table';
import { invokedFrom, parseOptions } from './options';
import { budget, budgetTable } from './scenarios/budget';
import { capacity } from './scenarios/capacity';
import { type ConfirmStep, cpuMsPerConfirm, DETECTION_COLUMNS, detectionCells } from './scenarios/confirm-step';
import { fanout } from './scenarios/fanout';
import { issueQr } from './scenarios/issue-qr';
import { type PollingArmResult, pollingArm } from './scenarios/polling';
import { type PushArmResult, pushArm } from './scenarios/push';
import { cpuPerLogin, ratiosTable } from './scenarios/ratios';
import { scale } from './scenarios/scale';
import { SCALE_INSTANCES } from './scenarios/scale-service';
import { type ConfirmsRun, twoInstances } from './scenarios/two-instances';
import { confirmCostTargets, targetsTable } from './targets';

function machine() {
  const cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  const openFiles = execSync("sh -c 'ulimit -n'").toString().trim();
  return {
    nproc: os.availableParallelism(),
    cpuModel,
    node: process.version,
    memoryGiB: os.totalmem() / 2 ** 30,
    openFiles,
    kernel: os.release(),
  };
}

function confirmRow(arm: string, waiting: number, step: ConfirmStep, round: number): Cell[] {
  const cpu = step.servers.map((server) => server.cpuPercent.toFixed(0)).join('+');
  return [
    arm,
    round,
    waiting,
    ...detectionCells(step),
    cpu,
    cpuMsPerConfirm(step),
    step.foreignCores,
    healthNote(step.health),
  ];
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = new Date();
  const neededForCapacity = options.scenarios.includes('capacity')
    ? Math.ceil((2 * options.capacityPerInstance) / 18_000)
    : 0;
  // the scale scenario holds one generator's browsers on each instance
  const neededForScale = options.scenarios.includes('scale') ? Math.max(...SCALE_INSTANCES) : 0;
  const pool = GeneratorPool.start(Math.max(options.generators, neededForCapacity, neededForScale));
  const redis = await startThrowawayRedis();
  const bench = new Bench(options, redis, pool);
  const pushResults: { round: number; kind: string; result: PushArmResult }[] = [];
  const pollResults: { round: number; result: PollingArmResult }[] = [];
  try {
    if (options.scenarios.includes('issue')) await issueQr(bench);
    const wantsPush = ['waiting', 'confirm', 'ratios'].some((name) => options.scenarios.includes(name as never));
    const wantsPoll = ['polling', 'ratios'].some((name) => options.scenarios.includes(name as never));
    for (let round = 1; round <= options.rounds; round += 1) {
      // alternate the order each round so neither arm always runs on a warmer (or more tired) machine
      const arms: string[] = [
        ...(wantsPush ? options.arms.filter((arm) => !isFanoutArm(arm)) : []),
        ...(wantsPush ? options.variants.map((variant) => `qr-login ${variant.name}`) : []),
        ...(wantsPoll ? ['polling'] : []),
      ];
      for (const arm of round % 2 === 1 ? arms : [...arms].reverse()) {
        const variant = options.variants.find((one) => arm === `qr-login ${one.name}`);
        if (arm === 'polling') pollResults.push({ round, result: await pollingArm(bench) });
        else if (variant) pushResults.push({ round, kind: arm, result: await pushArm(bench, 'qr-login', variant) });
        else pushResults.push({ round, kind: arm, result: await pushArm(bench, arm as ArmKind) });
      }
    }
    const budgetRuns = options.scenarios.includes('budget') ? await budget(bench) : [];
    const two = options.scenarios.includes('two-instances') ? await twoInstances(bench) : undefined;
    const twoVariants: { name: string; run: ConfirmsRun }[] = [];
    if (options.scenarios.includes('two-instances'))
      for (const variant of options.variants)
        twoVariants.push({ name: variant.name, run: await twoInstances(bench, variant) });
    if (options.scenarios.includes('capacity')) await capacity(bench);
    if (options.scenarios.includes('scale')) await scale(bench);
    if (options.scenarios.includes('fanout')) {
      const chosen = options.arms.filter(isFanoutArm);
      await fanout(bench, chosen.length ? chosen : [...fanoutArms]);
    }

    if (pushResults.length) {
      bench.tables.push({
        title: 'Waiting browsers (websocket, idle)',
        columns: [
          'arm',
          'round',
          'browsers',
          'connects/s',
          'connect CPU-ms/browser',
          'RSS KiB/browser',
          'RSS KiB/browser, no GC',
          'heap KiB/browser',
          'idle s',
          'idle CPU %',
          'idle CPU-µs/browser/s',
          'other load (cores)',
          'generator (connect)',
        ],
        rows: pushResults.map(({ round, result: { waiting } }) => [
          waiting.arm,
          round,
          waiting.connected,
          waiting.connectPerSecond,
          waiting.connectCpuMsPerBrowser,
          waiting.rssKiBPerBrowser,
          waiting.rssNoGcKiBPerBrowser,
          waiting.heapKiBPerBrowser,
          waiting.idleSeconds,
          waiting.idleCpuPercent,
          waiting.idleCpuMsPerBrowserSecond * 1000,
          waiting.foreignCores,
          waiting.generator,
        ]),
        notes: [
          'RSS and heap: growth from before to 2 s after connecting, each read after a full GC ("no GC": both RSS readings taken just before those GCs); idle: a window of whole ping intervals (each Socket.IO browser pinged once per interval), at least --idle.',
        ],
      });
    }
    const confirmRows: Cell[][] = [
      ...pushResults.flatMap(({ round, kind, result }) =>
        result.confirms.map((step) => confirmRow(kind, result.waiting.connected, step, round)),
      ),
      ...(two
        ? two.confirms.map((step) => confirmRow('qr-login, sockets on A+B, phone at the other', two.waiting, step, 1))
        : []),
      ...twoVariants.flatMap(({ name, run }) =>
        run.confirms.map((step) =>
          confirmRow(`qr-login ${name}, sockets on A+B, phone at the other`, run.waiting, step, 1),
        ),
      ),
      ...pollResults.map(({ round, result }) =>
        confirmRow('qr-login polling 1 s', result.pollers, result.confirm, round),
      ),
    ];
    if (confirmRows.length) {
      bench.tables.push({
        title: 'Confirm to browser: intended send of the phone\'s confirm -> browser sees "confirmed" (ms)',
        columns: [
          'arm',
          'round',
          'waiting',
          ...DETECTION_COLUMNS,
          'server CPU %',
          'server CPU-ms/confirm',
          'other load (cores)',
          'generator',
        ],
        rows: confirmRows,
        notes: [
          "server CPU-ms/confirm: CPU of the server process(es) over the whole step (warm-up included) / confirms sent in it; the waiting browsers' upkeep (pings, QR rotation pushes) is inside it.",
        ],
      });
    }
    if (pollResults.length) {
      bench.tables.push({
        title: 'Polling baseline (qr-login GET /api/qr/:id every 1 s)',
        columns: [
          'round',
          'pollers',
          'polls/s',
          'server CPU %',
          'CPU-ms/poll',
          'poll p50 ms',
          'poll p99 ms',
          'detect p50 ms',
          'detect p99 ms',
          'requests/login',
          'generator',
        ],
        rows: pollResults.map(({ round, result }) => [
          round,
          result.pollers,
          result.pollsPerSecond,
          result.serverCpuPercent,
          result.cpuMsPerPoll,
          result.pollResponse.p50,
          result.pollResponse.p99,
          result.confirm.detection.p50,
          result.confirm.detection.p99,
          result.requestsPerLogin,
          result.generator,
        ]),
        notes: [
          'requests/login = every poll sent / pollers over the whole polling arm (its pure-polling window plus the confirm step).',
        ],
      });
    }
    const qrPush = pushResults.filter((one) => one.kind === 'qr-login').at(-1)?.result;
    const poll = pollResults.at(-1)?.result;
    if (qrPush && poll && options.scenarios.includes('ratios')) {
      bench.tables.push(ratiosTable(qrPush.waiting, poll));
      const pushStep = qrPush.confirms[0];
      if (pushStep) {
        bench.tables.push({
          title: 'Latency poll/push (same run, lowest confirm rate)',
          columns: ['figure', 'push ms', 'poll ms', 'poll/push'],
          rows: (['p50', 'p90', 'p99'] as const).map((key) => [
            key,
            pushStep.detection[key],
            poll.confirm.detection[key],
            poll.confirm.detection[key] / pushStep.detection[key],
          ]),
        });
      }
      bench.record(
        'ratios',
        [3, 5, 10, 30].map((wait) => ({ wait, ...cpuPerLogin(qrPush.waiting, poll, wait) })),
      );
    }
    if (budgetRuns.length) bench.tables.push(budgetTable(budgetRuns));
    // the fan-out comparison has no target of its own
    if (options.scenarios.some((name) => name !== 'fanout'))
      bench.tables.push(
        targetsTable(bench, pushResults, poll, two),
        confirmCostTargets(pushResults, [...(two?.confirms ?? []), ...(poll ? [poll.confirm] : [])], budgetRuns),
      );
  } finally {
    await pool.stop();
    await redis.stop();
  }

  const info = machine();
  const header =
    `qr-login benchmark ${started.toISOString()} — ${info.nproc} cores, ${info.cpuModel}, node ${info.node}, ` +
    `options: ${process.argv.slice(2).join(' ') || '(defaults)'}\n`;
  const text = [header, ...bench.tables.map(renderTable)].join('\n');
  console.log(text);
  mkdirSync(resultsDir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const out = options.out ?? path.join(resultsDir, `bench-${stamp}.json`);
  writeFileSync(
    out,
    JSON.stringify({ started, machine: info, options, tables: bench.tables, raw: bench.raw }, null, 1),
  );
  writeFileSync(`${out.replace(/\.json$/, '')}.md`, text);
  console.log(`raw results: ${path.relative(invokedFrom, out)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
