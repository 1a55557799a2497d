import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { SOCKET_PING_DEFAULTS } from '../../../server/config';
import { freePort } from '../lib/free-port';
import { stopChild } from '../lib/redis';
import { waitFor } from '../lib/wait';

/**
 * The `fanout-*` arms are bare Socket.IO servers that differ only in how a change crosses instances
 * (fanout-plain-server.ts, fanout-adapter-server.ts); they are run two at a time by the fanout scenario.
 */
export const fanoutArms = ['fanout-plain', 'fanout-adapter', 'fanout-sharded'] as const;
export type FanoutArm = (typeof fanoutArms)[number];
/** `socketio`: one instance of the fanout-plain server, the product's design (bare Socket.IO 4.8) without the product. */
export type ArmKind = 'qr-login' | 'floor' | 'socketio' | FanoutArm;

/** Whether the arm is the service itself, whose phones must present signed mobile JWTs. */
export function isQrLogin(kind: ArmKind): boolean {
  return kind === 'qr-login';
}

/** Whether the arm's browsers speak Socket.IO (namespace /qr) rather than the floor's bare websocket. */
export function speaksSocketIo(kind: ArmKind): boolean {
  return kind !== 'floor';
}

/** qr-login's heartbeat under `env` (its SOCKET_PING_* settings, else its defaults), in seconds. */
export function qrLoginHeartbeat(env: Record<string, string>): { intervalSeconds: number; timeoutSeconds: number } {
  return {
    intervalSeconds: Number(env.SOCKET_PING_INTERVAL_SECONDS ?? SOCKET_PING_DEFAULTS.intervalSeconds),
    timeoutSeconds: Number(env.SOCKET_PING_TIMEOUT_SECONDS ?? SOCKET_PING_DEFAULTS.timeoutSeconds),
  };
}

export function isFanoutArm(kind: string): kind is FanoutArm {
  return (fanoutArms as readonly string[]).includes(kind);
}

/** A service process under test: where to reach it and which OS process to measure. */
export interface Service {
  kind: ArmKind;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const resultsDir = path.join(repoRoot, 'bench-results');

/** The HS256 key the benchmark's phones sign their user tokens with; the server is started with it. */
export const benchMobileJwtSecret = 'bench-mobile-secret-not-for-production-0123456789';

export interface ServiceOptions {
  redisUrl: string;
  /** same prefix on two qr-login (or fan-out arm) processes makes them two instances of one service */
  keyPrefix?: string;
  /** extra node flags, e.g. --cpu-prof, for profiling a run */
  nodeFlags?: string[];
  /** extra environment, e.g. to compare a server setting before/after */
  env?: Record<string, string>;
  label: string;
}

async function isHealthy(url: string): Promise<boolean> {
  const response = await fetch(url);
  return response.ok;
}

async function launch(
  kind: ArmKind,
  entry: string,
  env: Record<string, string>,
  options: ServiceOptions,
  readyPath: string,
): Promise<Service> {
  const port = await freePort();
  mkdirSync(resultsDir, { recursive: true });
  const log = createWriteStream(path.join(resultsDir, `${options.label}.log`));
  const gcOnSignal = ['--expose-gc', '--require', path.join(__dirname, 'gc-on-signal.cjs')];
  const child: ChildProcess = spawn(
    process.execPath,
    [...gcOnSignal, ...(options.nodeFlags ?? []), '--import', 'tsx', entry],
    {
      cwd: options.env?.[SERVER_TREE] ? path.resolve(repoRoot, options.env[SERVER_TREE]) : repoRoot,
      env: {
        ...process.env,
        ...env,
        ...options.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: options.redisUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`${options.label} exited (${code}) during start; see bench-results/${options.label}.log`)),
    ),
  );
  exited.catch(() => undefined);
  await Promise.race([
    waitFor(`${options.label} at ${url}${readyPath}`, () => isHealthy(url + readyPath), 60_000),
    exited,
  ]);
  return { kind, url, pid: child.pid!, stop: () => stopChild(child) };
}

/** The variant setting that names another checkout of the service to run (its root folder). */
export const SERVER_TREE = 'BENCH_SERVER_TREE';

export function startQrLogin(options: ServiceOptions): Promise<Service> {
  const env: Record<string, string> = {
    QR_TTL_SECONDS: '600',
    MOBILE_JWT_SECRET: benchMobileJwtSecret,
    SESSION_JWT_SECRET: 'bench-session-secret-not-for-production-0123456789',
    // the per-IP and per-user limits would refuse a load generator by design; 0 turns each one off
    RATE_LIMIT_CREATE_PER_MINUTE: '0',
    RATE_LIMIT_POLLS_PER_MINUTE: '0',
    RATE_LIMIT_SOCKET_CONNECTS_PER_MINUTE: '0',
    RATE_LIMIT_MOBILE_PER_MINUTE: '0',
    // CHECK_CODE and QR_ROTATE_SECONDS keep their defaults (number matching, a rotating QR): the generator's
    // phones read the rotation mark and pick the browser's number, so a confirm costs what it costs in production.
    LOG_LEVEL: 'warn',
    // The default cap (10,000 connections) would answer 503 to everything once 10,000 browsers wait.
    MAX_CONNECTIONS: '50000',
    // The load comes from one address: the per-address share would cap it at a quarter.
    MAX_CONNECTIONS_PER_ADDRESS: '0',
  };
  if (options.keyPrefix) env.REDIS_KEY_PREFIX = options.keyPrefix;
  // A variant may run another checkout of the service (`--variant before:BENCH_SERVER_TREE=../before`), so a
  // code change is measured before beside after in one run.
  const tree = options.env?.[SERVER_TREE];
  return launch(
    'qr-login',
    tree ? path.resolve(repoRoot, tree, 'server/main.ts') : 'server/main.ts',
    env,
    options,
    '/healthz',
  );
}

export function startFloor(options: ServiceOptions): Promise<Service> {
  return launch('floor', path.join(__dirname, 'floor-server.ts'), { TTL_SECONDS: '600' }, options, '/metrics');
}

/** One instance of a fan-out arm; instances given the same `keyPrefix` share their logins. */
export function startFanout(kind: FanoutArm, options: ServiceOptions): Promise<Service> {
  const entry = path.join(__dirname, kind === 'fanout-plain' ? 'fanout-plain-server.ts' : 'fanout-adapter-server.ts');
  const env: Record<string, string> = { ADAPTER_MODE: kind === 'fanout-sharded' ? 'sharded' : 'classic' };
  if (options.keyPrefix) env.KEY_PREFIX = options.keyPrefix;
  return launch(kind, entry, env, options, '/metrics');
}

/**
 * The bare Socket.IO arm: one fanout-plain instance pinging as often as qr-login does under `qrEnv` (Socket.IO's
 * own 25 s would ping 1.8x as often as qr-login's 45 s and make its idle CPU incomparable).
 */
export function startSocketIo(options: ServiceOptions, qrEnv: Record<string, string>): Promise<Service> {
  const { intervalSeconds, timeoutSeconds } = qrLoginHeartbeat(qrEnv);
  const env: Record<string, string> = {
    ADAPTER_MODE: 'classic',
    PING_INTERVAL_MS: String(intervalSeconds * 1000),
    PING_TIMEOUT_MS: String(timeoutSeconds * 1000),
  };
  return launch('socketio', path.join(__dirname, 'fanout-plain-server.ts'), env, options, '/metrics');
}

/** `qrEnv`: the run's qr-login environment, which the socketio arm's heartbeat follows. */
export async function startService(
  kind: ArmKind,
  options: ServiceOptions,
  qrEnv: Record<string, string> = {},
): Promise<Service> {
  if (kind === 'floor') return startFloor(options);
  if (kind === 'socketio') return startSocketIo(options, qrEnv);
  if (kind === 'qr-login') return startQrLogin(options);
  return startFanout(kind, options);
}

/** Asks the service for a full garbage collection (see gc-on-signal.cjs) and gives it time to finish. */
export async function collectGarbage(service: Service): Promise<void> {
  process.kill(service.pid, 'SIGUSR2');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

/** Heap in use as the service reports it on /metrics (prom-client default metric); undefined if it does not. */
export async function readHeapUsedBytes(service: Service): Promise<number | undefined> {
  const text = await fetch(`${service.url}/metrics`)
    .then((response) => response.text())
    .catch(() => '');
  const match = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})?\s+([0-9.e+]+)/m.exec(text);
  return match ? Number(match[1]) : undefined;
}
