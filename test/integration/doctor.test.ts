import { execFile } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { promisify } from 'node:util';
import { startHttpGate } from '../support/http-gate';
import { serverForSuite } from '../support/server';

const SITE = 'http://site.test';

interface DoctorRun {
  code: number;
  output: string;
}

/** `npm run doctor` as an operator runs it, against loopback only (the site origin is only sent as `Origin`). */
async function doctor(...args: string[]): Promise<DoctorRun> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/doctor/doctor.ts', ...args],
      { cwd: `${__dirname}/../..`, timeout: 60_000 },
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** The line of one check in the doctor's table. */
const row = (output: string, check: string) => output.split('\n').find((line) => line.startsWith(`${check}  `)) ?? '';

describe('npm run doctor against a deployment that allows the site', () => {
  const suite = serverForSuite({ CORS_ORIGINS: SITE });

  it('passes (exit 0): create from the origin, polling, WebSocket and a push end to end all ok', async () => {
    const { code, output } = await doctor('--url', suite.server.url, '--origin', SITE);

    expect(code).toBe(0);
    for (const check of ['CORS preflight', 'create from origin', 'polling fallback', 'WebSocket upgrade']) {
      expect(row(output, check)).toMatch(/\s+ok\s+/);
    }
    expect(row(output, 'push end to end')).toMatch(/ok .*cancelled/);
    expect(row(output, 'readiness')).toMatch(/ok .*200/);
    // Loopback http is for trying it here: a note, not a failure.
    expect(row(output, 'TLS')).toMatch(/note .*loopback/);
    // /metrics on the public port is only advisable to move (a warning), so the exit stays 0.
    expect(row(output, 'metrics exposure')).toMatch(/WARN .*METRICS_PORT/);
    expect(output).toMatch(/0 failed/);
  });
});

describe('npm run doctor through a proxy that refuses WebSocket upgrades', () => {
  const suite = serverForSuite({ CORS_ORIGINS: SITE });

  it('warns (exit 0): browsers still sign in by polling, so the missing WebSocket is advice', async () => {
    const gate = await startHttpGate(suite.server.url, { webSocket: true });
    try {
      const { code, output } = await doctor('--url', gate.url, '--origin', SITE);

      expect(code).toBe(0);
      expect(row(output, 'polling fallback')).toMatch(/\s+ok\s+/);
      expect(row(output, 'WebSocket upgrade')).toMatch(/WARN .*fall back to polling/);
      expect(row(output, 'push end to end')).toMatch(/skipped/);
    } finally {
      await gate.close();
    }
  });
});

describe('npm run doctor against a deployment that does not allow the site', () => {
  const suite = serverForSuite({ CORS_ORIGINS: 'http://elsewhere.test' });

  it('fails (exit 1), naming CORS_ORIGINS for the preflight and the create', async () => {
    const { code, output } = await doctor('--url', suite.server.url, '--origin', SITE);

    expect(code).toBe(1);
    expect(row(output, 'CORS preflight')).toMatch(/FAIL .*add http:\/\/site\.test to CORS_ORIGINS/);
    expect(row(output, 'create from origin')).toMatch(/FAIL .*add http:\/\/site\.test to CORS_ORIGINS/);
    expect(row(output, 'push end to end')).toMatch(/skipped/);
  });
});

describe('npm run doctor against a peer that sends nothing', () => {
  let silent: Server;
  const held: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('gives up after its timeout and fails, rather than hanging', async () => {
    const { port } = silent.address() as { port: number };
    const { code, output } = await doctor('--url', `http://127.0.0.1:${port}`, '--origin', SITE, '--timeout', '1');

    expect(code).toBe(1);
    expect(row(output, 'reach')).toMatch(/FAIL .*no answer in time/);
  });
});

describe('npm run doctor with bad arguments', () => {
  it('exits 2 with the usage', async () => {
    const { code, output } = await doctor('--url', 'login.example');
    expect(code).toBe(2);
    expect(output).toMatch(/Usage: npm run doctor -- --url/);
  });
});
