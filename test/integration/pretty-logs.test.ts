import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from '../support/eventually';
import { testEnvironment } from '../support/server';

const ROOT = join(__dirname, '..', '..');

/** The service as `npm start` runs it, its stdout a terminal: util-linux `script` gives it a pseudo-terminal. */
function startOnTerminal(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const command = `exec '${process.execPath}' --import tsx server/main.ts`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...testEnvironment({ LOG_LEVEL: 'info', REDIS_URL: '', ...env }) },
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

describe('logs on a terminal', () => {
  it('are lines for a person in development', async () => {
    const { child, output } = startOnTerminal({});
    try {
      await eventually(async () => /INFO.*: .*qr-login listening on http/.test(output()), 20_000);
      expect(output()).not.toContain('{"level"');
    } finally {
      await stop(child);
    }
  });

  it('stay JSON in production', async () => {
    const { child, output } = startOnTerminal({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://login.example.com',
      ALLOW_EMBEDDED_STORE: 'true',
    });
    try {
      await eventually(async () => /^\{"level":30,.*"msg":"qr-login listening on http/m.test(output()), 20_000);
    } finally {
      await stop(child);
    }
  });
});
