import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { testEnvironment } from './server';

/** The service as its own OS process (`server/main.ts`, as `npm start` runs it), for signal, crash and log tests. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  /** Every line it wrote to stdout and stderr, as it comes. */
  logs: string[];
}

const ROOT = join(__dirname, '..', '..');

function spawnServer(env: Record<string, string>, args: string[] = []): Omit<ServerProcess, 'url'> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...testEnvironment({ LOG_LEVEL: 'info', ...env }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  createInterface({ input: child.stderr! }).on('line', (line) => logs.push(line));
  return { child, exited, logs };
}

/** A start expected to fail: its exit code and everything it wrote to stderr. */
export async function failedServerStart(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | string; stderr: string }> {
  const { child, exited, logs } = spawnServer(env, args);
  child.stdout!.resume();
  const code = await exited;
  return { code, stderr: logs.join('\n') };
}

export function startServerProcess(env: Record<string, string> = {}, args: string[] = []): Promise<ServerProcess> {
  const { child, exited, logs } = spawnServer(env, args);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join('\n')}`)), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line);
      const url = /"url":"(http:[^"]+)"/.exec(line)?.[1];
      if (url && line.includes('listening')) {
        clearTimeout(timer);
        resolve({ url, child, exited, logs });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${logs.join('\n')}`));
    });
  });
}
