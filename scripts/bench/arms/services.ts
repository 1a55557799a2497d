import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { freePort } from "../lib/free-port";
import { stopChild } from "../lib/redis";
import { waitFor } from "../lib/wait";

export type ArmKind = "qr-login" | "floor";

/** A service process under test: where to reach it and which OS process to measure. */
export interface Service {
  kind: ArmKind;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export const repoRoot = path.resolve(__dirname, "..", "..", "..");
export const resultsDir = path.join(repoRoot, "bench-results");

/** The HS256 key the benchmark's phones sign their user tokens with; the server is started with it. */
export const benchMobileJwtSecret = "bench-mobile-secret-not-for-production-0123456789";

export interface ServiceOptions {
  redisUrl: string;
  /** same prefix on two qr-login processes makes them two instances of one service */
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

async function launch(kind: ArmKind, entry: string, env: Record<string, string>, options: ServiceOptions, readyPath: string): Promise<Service> {
  const port = await freePort();
  mkdirSync(resultsDir, { recursive: true });
  const log = createWriteStream(path.join(resultsDir, `${options.label}.log`));
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeFlags ?? []), "--import", "tsx", entry], {
    cwd: repoRoot,
    env: { ...process.env, ...env, ...options.env, PORT: String(port), HOST: "127.0.0.1", REDIS_URL: options.redisUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once("exit", () => { exited = true; });
  await waitFor(`${options.label} at ${url}${readyPath}`, async () => {
    if (exited) throw new Error(`${options.label} exited during start; see bench-results/${options.label}.log`);
    return isHealthy(url + readyPath);
  }, 60_000);
  return { kind, url, pid: child.pid!, stop: () => stopChild(child) };
}

export function startQrLogin(options: ServiceOptions): Promise<Service> {
  const env: Record<string, string> = {
    QR_TTL_SECONDS: "600",
    MOBILE_JWT_SECRET: benchMobileJwtSecret,
    SESSION_JWT_SECRET: "bench-session-secret-not-for-production-0123456789",
    // the per-IP and per-user limits would refuse a load generator by design; 0 turns each one off
    RATE_LIMIT_CREATE_PER_MINUTE: "0",
    RATE_LIMIT_POLLS_PER_MINUTE: "0",
    RATE_LIMIT_SOCKET_CONNECTS_PER_MINUTE: "0",
    RATE_LIMIT_MOBILE_PER_MINUTE: "0",
    LOG_LEVEL: "warn",
  };
  if (options.keyPrefix) env.REDIS_KEY_PREFIX = options.keyPrefix;
  return launch("qr-login", "server/main.ts", env, options, "/healthz");
}

export function startFloor(options: ServiceOptions): Promise<Service> {
  return launch("floor", path.join(__dirname, "floor-server.ts"), { TTL_SECONDS: "600" }, options, "/metrics");
}

export function startService(kind: ArmKind, options: ServiceOptions): Promise<Service> {
  return kind === "qr-login" ? startQrLogin(options) : startFloor(options);
}

/** Heap in use as the service reports it on /metrics (prom-client default metric); undefined if it does not. */
export async function readHeapUsedBytes(service: Service): Promise<number | undefined> {
  const text = await fetch(`${service.url}/metrics`).then((response) => response.text()).catch(() => "");
  const match = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})?\s+([0-9.e+]+)/m.exec(text);
  return match ? Number(match[1]) : undefined;
}
