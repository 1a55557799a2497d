import { type ArmKind, isFanoutArm, isQrLogin } from '../arms/services';
import type { Bench } from '../context';
import type { CreateResult, ExchangeResult } from '../gen/protocol';
import { delay } from '../lib/open-loop';
import { type ProcDelta, perUnit } from '../lib/proc';
import type { Cell, Table } from '../lib/table';
import type { Variant } from '../options';
import { runConfirmStep } from './confirm-step';

export const budgetSteps = ['create', 'join', 'scan', 'confirm + push', 'exchange'] as const;
export type BudgetStepName = (typeof budgetSteps)[number];

/** One step of a login measured on the server process, N logins at once. */
export interface BudgetPhase {
  step: BudgetStepName;
  server: ProcDelta;
  /** server CPU over the phase less the idle rate times its duration, per login, in µs */
  netUsPerLogin: number;
  ok: number;
  /** errors by kind, with confirms never seen by their browser as `lost` */
  errors: Record<string, number>;
  foreignCores: number;
}

export interface BudgetRun {
  arm: string;
  round: number;
  logins: number;
  /** the process's CPU with no browser and no request, ms per second */
  idleCpuMsPerSecond: number;
  phases: BudgetPhase[];
}

type Measured = Omit<BudgetPhase, 'step' | 'netUsPerLogin'>;

const idleWindowMs = 2_000;
/** after the warm-up's browsers closed, before the idle window */
const settleMs = 1_000;
const pushWaitMs = 5_000;
const confirmGraceMs = 5_000;
/**
 * The exchange's grace after a confirm (10 s by default) is a window, not a cost: the exchange phase runs a whole
 * confirm phase after its first confirm, so the budget widens it to keep every exchange inside.
 */
const exchangeGraceEnv = { EXCHANGE_GRACE_SECONDS: '300' };

/** Error counts of every generator as one, kinds with none left out. */
function tally(entries: [string, number][]): Record<string, number> {
  const errors: Record<string, number> = {};
  for (const [key, count] of entries) if (count) errors[key] = (errors[key] ?? 0) + count;
  return errors;
}

const errorsOf = (results: { errors: Record<string, number> }[]) =>
  tally(results.flatMap((one) => Object.entries(one.errors)));

/** CPU of `pid` across `run`, which says how many logins went through and what failed. */
async function measured(
  bench: Bench,
  pid: number,
  run: () => Promise<{ ok: number; errors: Record<string, number> }>,
): Promise<Measured> {
  const { result, deltas, foreignCores } = await bench.measure([pid], run);
  return { ...result, server: deltas[0]!, foreignCores };
}

const sum = (values: number[]) => values.reduce((total, one) => total + one, 0);

/** Takes `logins` fresh logins through every step of the arm, one step after the other, each measured alone. */
async function runSteps(
  bench: Bench,
  kind: ArmKind,
  pid: number,
  logins: number,
): Promise<{ step: BudgetStepName; phase: Measured }[]> {
  const rate = bench.options.budgetRate;
  const phases: { step: BudgetStepName; phase: Measured }[] = [];
  const create = await measured(bench, pid, async () => {
    const { results } = await bench.pool.all<CreateResult>(
      bench.spread(logins, rate, 0, (count, ratePerSecond) => ({
        op: 'create',
        count,
        ratePerSecond,
        warmupCount: 0,
        image: 'none',
        keep: true,
      })),
    );
    return { ok: sum(results.map((one) => one.ok)), errors: errorsOf(results) };
  });
  phases.push({ step: 'create', phase: create });
  const join = await measured(bench, pid, async () => {
    const { connected, results } = await bench.connectPopulation();
    return { ok: connected, errors: errorsOf(results) };
  });
  phases.push({ step: 'join', phase: join });
  // the scanned push (with the number to pick) belongs to the scan: the phase waits until browsers have it
  const scan = await measured(bench, pid, async () => {
    const { results } = await bench.scan(logins, { ratePerSecond: rate, awaitPushMs: pushWaitMs });
    return { ok: sum(results.map((one) => one.scanned)), errors: errorsOf(results) };
  });
  phases.push({ step: 'scan', phase: scan });
  const confirm = await runConfirmStep(bench, [pid], rate, logins, confirmGraceMs);
  phases.push({
    step: 'confirm + push',
    phase: {
      server: confirm.servers[0]!,
      foreignCores: confirm.foreignCores,
      ok: confirm.confirmOk - confirm.lost,
      errors: tally([...confirm.errors, ['lost', confirm.lost]]),
    },
  });
  if (!isQrLogin(kind)) return phases;
  const exchange = await measured(bench, pid, async () => {
    const { results } = await bench.pool.all<ExchangeResult>(
      bench.spread(logins, rate, 0, (count, ratePerSecond) => ({ op: 'exchange', count, ratePerSecond })),
    );
    return { ok: sum(results.map((one) => one.ok)), errors: errorsOf(results) };
  });
  phases.push({ step: 'exchange', phase: exchange });
  return phases;
}

/**
 * A fresh process of the arm: a tenth of the logins through every step first, unmeasured, so no arm's figures carry
 * its JIT warm-up (qr-login has far more code to compile); then its idle rate; then N fresh logins measured.
 */
async function budgetArm(bench: Bench, kind: ArmKind, round: number, variant?: Variant): Promise<BudgetRun> {
  const arm = variant ? `${kind} ${variant.name}` : kind;
  const { budgetLogins: logins, budgetRate: rate } = bench.options;
  const env = isQrLogin(kind) ? { ...exchangeGraceEnv, ...variant?.env } : {};
  return bench.withService(
    kind,
    async (service) => {
      bench.log(`budget ${arm}: warm-up with ${Math.ceil(logins / 10)} logins`);
      await runSteps(bench, kind, service.pid, Math.ceil(logins / 10));
      await bench.pool.all(() => ({ op: 'reset' }));
      await bench.pointGenerators(kind, service.url, service.url);
      await delay(settleMs);
      const idle = await bench.measure([service.pid], () => delay(idleWindowMs));
      const idleRate = idle.deltas[0]!.cpuMs / idle.deltas[0]!.wallMs;
      bench.log(`budget ${arm}: ${logins} logins, each step at ${rate}/s`);
      const phases = (await runSteps(bench, kind, service.pid, logins)).map(
        ({ step, phase }): BudgetPhase => ({
          step,
          netUsPerLogin: perUnit(phase.server.cpuMs - idleRate * phase.server.wallMs, logins),
          ...phase,
        }),
      );
      const run: BudgetRun = { arm, round, logins, idleCpuMsPerSecond: idleRate * 1000, phases };
      bench.record('budget', { ...run, idle: idle.deltas[0], rate });
      return run;
    },
    { env },
  );
}

/**
 * The per-step CPU budget: for each push arm and --variant, a fresh process takes N fresh logins through create,
 * join, scan, confirm (+ push) and, for qr-login, the token exchange, each step alone at the same open-loop rate.
 * The arms alternate order per round like the push arms.
 */
export async function budget(bench: Bench): Promise<BudgetRun[]> {
  const arms: { kind: ArmKind; variant?: Variant }[] = [
    ...bench.options.arms.filter((kind) => !isFanoutArm(kind)).map((kind) => ({ kind })),
    ...bench.options.variants.map((variant) => ({ kind: 'qr-login' as const, variant })),
  ];
  const runs: BudgetRun[] = [];
  for (let round = 1; round <= bench.options.rounds; round += 1)
    for (const { kind, variant } of round % 2 === 1 ? arms : [...arms].reverse())
      runs.push(await budgetArm(bench, kind, round, variant));
  return runs;
}

/** Steps as rows, arms as columns (the last round of each), and qr-login against the floor and bare Socket.IO. */
export function budgetTable(runs: BudgetRun[]): Table {
  const arms = [...new Set(runs.map((run) => run.arm))];
  const last = new Map(arms.map((arm) => [arm, runs.filter((run) => run.arm === arm).at(-1)!]));
  const cost = (arm: string, step: BudgetStepName) =>
    last.get(arm)?.phases.find((phase) => phase.step === step)?.netUsPerLogin;
  const ratio = (step: BudgetStepName, other: string): Cell => {
    const ours = cost('qr-login', step);
    const theirs = cost(other, step);
    return ours === undefined || theirs === undefined ? '—' : ours / theirs;
  };
  const rows: Cell[][] = budgetSteps.map((step) => [
    step,
    ...arms.map((arm) => cost(arm, step) ?? '—'),
    ratio(step, 'floor'),
    ratio(step, 'socketio'),
  ]);
  const failures = [...last.values()].flatMap((run) =>
    run.phases.flatMap((phase) =>
      Object.entries(phase.errors).map(([key, count]) => `${run.arm} ${phase.step}: ${count} ${key}`),
    ),
  );
  const sample = [...last.values()][0];
  return {
    title: 'Per-step CPU budget (CPU-µs per login, server process)',
    columns: ['step', ...arms, 'qr-login/floor', 'qr-login/socketio'],
    rows,
    notes: [
      `${sample?.logins ?? 0} fresh logins per arm (after an unmeasured warm-up of a tenth as many), each step alone, open loop at the same rate (create, scan, confirm, exchange); join opens every browser. ` +
        "CPU = utime+stime of the server process over the step, less its idle rate x the step's duration, / logins. " +
        'scan includes the scanned push reaching the browser; confirm + push ends when every browser saw "confirmed" (or 5 s).',
      `idle CPU before the steps (2 s, no browser): ${[...last.values()].map((run) => `${run.arm} ${(run.idleCpuMsPerSecond / 10).toFixed(2)} %`).join(', ')}.`,
      `CPU is read in 10 ms ticks: ±${(10_000 / Math.max(1, sample?.logins ?? 1)).toFixed(0)} µs per login per cell. ` +
        `qr-login on its security defaults (number matching, rotating QR) plus --qr-env, a variant its own environment on top; EXCHANGE_GRACE_SECONDS=300 so the exchange phase, a whole phase after the confirms, stays within it. Other load: up to ${Math.max(0, ...[...last.values()].flatMap((run) => run.phases.map((phase) => phase.foreignCores))).toFixed(2)} cores.`,
      failures.length ? `failures: ${failures.join('; ')}` : 'no errors, no lost confirms.',
    ],
  };
}
