import path from 'node:path';
import type { ArmKind } from './arms/services';

/** Where the user typed the command: npm gives it as INIT_CWD when it runs the workspace in its own folder. */
export const invokedFrom = process.env.INIT_CWD ?? process.cwd();

export const allScenarios = [
  'issue',
  'waiting',
  'confirm',
  'polling',
  'ratios',
  'two-instances',
  'capacity',
  'fanout',
  'scale',
  'budget',
] as const;
export type ScenarioName = (typeof allScenarios)[number];

/** A qr-login arm run beside the plain one with extra environment: a setting's before/after in one run. */
export interface Variant {
  name: string;
  env: Record<string, string>;
}

export interface BenchOptions {
  quick: boolean;
  /** browsers held open per arm for the waiting and confirm scenarios */
  waiting: number;
  /** confirm rates per second, each measured for warmup + duration */
  confirmRates: number[];
  durationSeconds: number;
  /** seconds of offered load per image kind in the issue-QR scenario */
  issueSeconds: number;
  warmupSeconds: number;
  idleSeconds: number;
  /** offered POST /api/qr rates per image kind */
  createRates: Record<string, number>;
  pollers: number;
  pollConfirmRate: number;
  generators: number;
  rounds: number;
  scenarios: ScenarioName[];
  arms: ArmKind[];
  /** browsers per instance for the capacity scenario (one process holds at most ~19,900 sockets) */
  capacityPerInstance: number;
  serverNodeFlags: string[];
  /** Environment for every qr-login process of the run. */
  qrEnv: Record<string, string>;
  variants: Variant[];
  /** fresh logins per arm in the per-step CPU budget */
  budgetLogins: number;
  /** offered creates, scans, confirms and exchanges per second in the budget */
  budgetRate: number;
  out?: string;
}

const usage = `usage: npm run bench -- [options]
  --quick                 small sizes, about 3-5 minutes
  --waiting N             waiting browsers per arm (default 10000, quick 2000)
  --rates A,B             confirms per second (default 100,500,1000, quick 100,200)
  --duration S            measured seconds per step (default 5, quick 2)
  --issue-duration S       measured seconds per image in the issue-QR scenario (default 5, quick 1)
  --warmup S              unmeasured seconds before each step (default 1)
  --idle S                idle window for waiting browsers (default 30, quick 3), made whole ping intervals
  --create-rates k=v,...  offered creations/s per image (default svg=2000,png=1000,none=8000; quick: no png)
  --pollers N             polling browsers (default 2000, quick 500)
  --poll-confirm-rate R   confirms/s during the polling arm (default 100, quick 50)
  --generators N          load-generator processes (default 2)
  --rounds N              repeat the interleaved push/poll arms N times (default 1)
  --scenarios a,b         any of ${allScenarios.join(',')} (default all but capacity, fanout and scale)
  --arms a,b              floor,socketio,qr-login (default all three); the fanout scenario runs the arms fanout-plain,fanout-adapter,fanout-sharded
                          given here (all three if none is), two instances each
  --capacity N            browsers per instance in the capacity scenario (default 19000)
  --server-flags "..."    node flags for the qr-login process, e.g. "--cpu-prof --cpu-prof-dir=bench-results"
  --qr-env K=V,...        environment for every qr-login process of the run
  --variant NAME:K=V,...  one more qr-login push arm, "qr-login NAME", with this environment (repeatable);
                          BENCH_SERVER_TREE=DIR runs the service of another checkout (before beside after)
  --budget-logins N       fresh logins per arm in the budget scenario (default 2000, quick 1000)
  --budget-rate R         creates, scans, confirms, exchanges per second in the budget (default 200)
  --out FILE              raw JSON results (default bench-results/bench-<time>.json)`;

function numberList(text: string): number[] {
  return text.split(',').map((part) => {
    const value = Number(part);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`not a positive number: ${part}\n${usage}`);
    return value;
  });
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  if (at <= 0) throw new Error(`expected NAME${separator}VALUE, got ${text}\n${usage}`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** `K=V,K2=V2` as an environment. */
function environment(text: string): Record<string, string> {
  return Object.fromEntries(text.split(',').map((pair) => splitOnce(pair, '=')));
}

export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const options: BenchOptions = {
    quick,
    waiting: quick ? 2000 : 10_000,
    confirmRates: quick ? [100, 200] : [100, 500, 1000],
    durationSeconds: quick ? 2 : 5,
    // an overloaded open-loop create step drains its backlog after the schedule ends, so quick keeps it short
    issueSeconds: quick ? 1 : 5,
    warmupSeconds: 1,
    idleSeconds: quick ? 3 : 30,
    // png is no target and costs many times svg, so the quick run leaves it out
    createRates: quick ? { svg: 2000, none: 8000 } : { svg: 2000, png: 1000, none: 8000 },
    pollers: quick ? 500 : 2000,
    pollConfirmRate: quick ? 50 : 100,
    generators: 2,
    rounds: 1,
    scenarios: allScenarios.filter((name) => name !== 'capacity' && name !== 'fanout' && name !== 'scale'),
    arms: ['floor', 'socketio', 'qr-login'],
    capacityPerInstance: 19_000,
    serverNodeFlags: [],
    qrEnv: {},
    variants: [],
    budgetLogins: quick ? 1000 : 2000,
    budgetRate: 200,
  };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index]!;
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${flag} needs a value\n${usage}`);
      return next;
    };
    switch (flag) {
      case '--quick':
        break;
      case '--waiting':
        options.waiting = numberList(value())[0]!;
        break;
      case '--rates':
        options.confirmRates = numberList(value());
        break;
      case '--duration':
        options.durationSeconds = numberList(value())[0]!;
        break;
      case '--issue-duration':
        options.issueSeconds = numberList(value())[0]!;
        break;
      case '--warmup':
        options.warmupSeconds = Number(value());
        break;
      case '--idle':
        options.idleSeconds = numberList(value())[0]!;
        break;
      case '--create-rates':
        options.createRates = Object.fromEntries(
          value()
            .split(',')
            .map((pair) => {
              const [image, rate] = pair.split('=');
              return [image!, numberList(rate ?? '')[0]!];
            }),
        );
        break;
      case '--pollers':
        options.pollers = numberList(value())[0]!;
        break;
      case '--poll-confirm-rate':
        options.pollConfirmRate = numberList(value())[0]!;
        break;
      case '--generators':
        options.generators = numberList(value())[0]!;
        break;
      case '--rounds':
        options.rounds = numberList(value())[0]!;
        break;
      case '--scenarios': {
        const names = value().split(',');
        const unknown = names.filter((name) => !(allScenarios as readonly string[]).includes(name));
        if (unknown.length) throw new Error(`unknown scenario ${unknown.join(',')}\n${usage}`);
        options.scenarios = names as ScenarioName[];
        break;
      }
      case '--arms':
        options.arms = value().split(',') as ArmKind[];
        break;
      case '--capacity':
        options.capacityPerInstance = numberList(value())[0]!;
        break;
      case '--server-flags':
        options.serverNodeFlags = value().split(' ').filter(Boolean);
        break;
      case '--qr-env':
        options.qrEnv = environment(value());
        break;
      case '--budget-logins':
        options.budgetLogins = numberList(value())[0]!;
        break;
      case '--budget-rate':
        options.budgetRate = numberList(value())[0]!;
        break;
      case '--variant': {
        const [name, env] = splitOnce(value(), ':');
        options.variants.push({ name, env: environment(env) });
        break;
      }
      case '--out':
        // Relative to where `npm run bench` was typed (npm runs the workspace in scripts/bench).
        options.out = path.resolve(invokedFrom, value());
        break;
      case '--help':
        console.log(usage);
        return process.exit(0);
      default:
        throw new Error(`unknown option ${flag}\n${usage}`);
    }
  }
  return options;
}
