/**
 * The production build as the Dockerfile makes it, without Docker: its build stage (`npm ci`, `npm run build`)
 * and its runtime stage (a pruned `npm ci --omit=dev`, the files it copies, its CMD and HEALTHCHECK) are read
 * from the Dockerfile and run here, then a user signs in through the compiled server, as one process and with
 * `WORKERS=auto`.
 */
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { signHs256MobileToken } from '../../server/auth/mobile-tokens';
import { expectStatus } from '../support/contract-checks';
import { eventually } from '../support/eventually';
import { QrApi } from '../support/qr-api';
import { TEST_MOBILE_JWT_SECRET, TEST_SESSION_JWT_SECRET, uniquePrefix } from '../support/server';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

interface Stage {
  copies: Array<{ from?: string; source: string; target: string }>;
  runs: string[];
  env: Record<string, string>;
  user?: string;
  cmd?: string[];
  healthcheck?: string[];
}

/** The stages of the Dockerfile, by name: what each copies, runs and starts. */
async function readDockerfile(): Promise<Record<string, Stage>> {
  const text = (await readFile(path.join(ROOT, 'Dockerfile'), 'utf8')).replace(/\\\n\s*/g, '');
  const stages: Record<string, Stage> = {};
  let stage: Stage | undefined;
  for (const line of text.split('\n').map((l) => l.trim())) {
    const [instruction, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (instruction === 'FROM') {
      stage = { copies: [], runs: [], env: {} };
      stages[/ AS ([\w-]+)$/i.exec(args)![1]!] = stage;
      continue;
    }
    if (!stage) continue;
    if (instruction === 'COPY') {
      const from = /^--from=(\w+)\s+/.exec(args);
      const paths = args.replace(/^--from=\w+\s+/, '').split(/\s+/);
      const target = paths.pop()!;
      for (const source of paths) stage.copies.push({ from: from?.[1], source, target });
    } else if (instruction === 'RUN') stage.runs.push(args);
    else if (instruction === 'ENV') {
      for (const pair of args.split(/\s+/)) stage.env[pair.split('=')[0]!] = pair.split('=')[1]!;
    } else if (instruction === 'USER') stage.user = args;
    else if (instruction === 'CMD') stage.cmd = JSON.parse(args);
    else if (instruction === 'HEALTHCHECK') stage.healthcheck = JSON.parse(args.replace(/^.*?CMD\s+/, ''));
  }
  return stages;
}

/** COPY into a stage's directory: from the build context (minus .dockerignore) or from another stage. */
async function copyInto(dir: string, copy: Stage['copies'][number], stageDirs: Record<string, string>): Promise<void> {
  const ignored = (await readFile(path.join(ROOT, '.dockerignore'), 'utf8')).split('\n').filter(Boolean);
  const sourceRoot = copy.from ? stageDirs[copy.from]! : ROOT;
  const source = path.join(sourceRoot, copy.from ? copy.source.replace(/^\/app\/?/, '') : copy.source);
  const target = copy.target.endsWith('/') ? path.join(dir, path.basename(source)) : path.join(dir, copy.target);
  await cp(source, target, {
    recursive: true,
    filter: (file) => copy.from !== undefined || !ignored.includes(path.relative(ROOT, file)),
  });
}

const shell = (command: string, cwd: string) => run('sh', ['-c', command], { cwd, timeout: 240_000 });

describe('the production build (the Dockerfile, run without Docker)', () => {
  let work: string;
  let stages: Record<string, Stage>;
  const dirs: Record<string, string> = {};

  beforeAll(async () => {
    stages = await readDockerfile();
    work = await mkdtemp(path.join(tmpdir(), 'qr-login-prod-'));
    dirs.build = path.join(work, 'build');
    dirs.runtime = path.join(work, 'runtime');
    for (const copy of stages.build!.copies) await copyInto(dirs.build, copy, dirs);
    // The build stage's `npm ci` installs what this checkout already has: link it rather than install again.
    await symlink(path.join(ROOT, 'node_modules'), path.join(dirs.build, 'node_modules'), 'dir');
    for (const command of stages.build!.runs.filter((command) => !command.startsWith('npm ci'))) {
      await shell(command, dirs.build);
    }
    for (const copy of stages.runtime!.copies.filter((copy) => !copy.from)) await copyInto(dirs.runtime, copy, dirs);
    // The runtime stage's install, from the npm cache, without the cache cleaning that only slims the image.
    const install = stages.runtime!.runs.find((command) => command.includes('npm ci'))!.split('&&')[0]!;
    await shell(`${install.trim()} --prefer-offline`, dirs.runtime);
    for (const copy of stages.runtime!.copies.filter((copy) => copy.from)) await copyInto(dirs.runtime, copy, dirs);
  }, 300_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('builds in one stage and runs as a non-root user with a health check in the next', async () => {
    expect(stages.build!.runs).toContain('npm run build');
    expect(stages.runtime!.user).toBe('node');
    // `docker build .` makes the last stage: the service, not the example site.
    expect(Object.keys(stages).at(-1)).toBe('runtime');
    expect(stages.runtime!.healthcheck).toBeDefined();
    const packageJson = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
    expect(stages.runtime!.cmd!.join(' ')).toBe(packageJson.scripts['start:prod']);
  });

  it('installs production dependencies only: no tsx, esbuild, typescript or jest at run time', async () => {
    const installed = await readdir(path.join(dirs.runtime!, 'node_modules'));
    expect(installed).toEqual(expect.arrayContaining(['koa', 'jose', 'socket.io']));
    for (const devOnly of ['tsx', 'esbuild', 'typescript', 'jest', 'playwright-core']) {
      expect(installed).not.toContain(devOnly);
    }
  });

  it.each([
    ['as one process', {}, 1],
    ['with WORKERS=auto (a worker per core)', { WORKERS: 'auto' }, availableParallelism()],
  ] as const)(
    'starts the compiled server in production configuration %s and signs a user in through it',
    async (_name, workers, processes) => {
      const [command, ...args] = stages.runtime!.cmd!;
      expect(command).toBe('node');
      const child = spawn(process.execPath, args, {
        cwd: dirs.runtime,
        env: {
          PATH: process.env.PATH,
          ...stages.runtime!.env,
          HOST: '127.0.0.1',
          PORT: '0',
          PUBLIC_URL: 'https://login.example',
          REDIS_URL: process.env.REDIS_URL,
          REDIS_KEY_PREFIX: uniquePrefix(),
          MOBILE_JWT_SECRET: TEST_MOBILE_JWT_SECRET,
          SESSION_JWT_SECRET: TEST_SESSION_JWT_SECRET,
          ...workers,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const stderr: string[] = [];
      const listening = new Set<string>();
      createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          createInterface({ input: child.stdout! }).on('line', (line) => {
            const started = /"pid":(\d+).*"url":"(http:[^"]+)".*listening/.exec(line);
            if (!started) return;
            listening.add(started[1]!);
            resolve(started[2]!);
          });
          child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr.join('\n')}`)));
        });
        const api = new QrApi(url);
        const login = await api.createLogin();
        expect(login.content).toMatch(new RegExp(`^https://login\\.example/scan/${login.id}/0\\.[\\w-]{16}$`));
        const phone = signHs256MobileToken(TEST_MOBILE_JWT_SECRET, { sub: 'alice', name: 'Alice' });
        expectStatus(await api.scan(login.id, phone), 200);
        expectStatus(await api.confirm(login.id, phone), 200);
        const token = expectStatus(await api.token(login.id, login.secret), 200) as { user: { id: string } };
        expect(token.user.id).toBe('alice');
        expect((await api.send('GET', `/scan/${login.id}`)).text).toContain('Open this code in the app');

        // The image's HEALTHCHECK, pointed at this instance.
        const [checker, ...checkArgs] = stages.runtime!.healthcheck!;
        expect(checker).toBe('node');
        await run(process.execPath, checkArgs, { env: { PORT: new URL(url).port }, timeout: 10_000 });
        // Each worker is a full instance that logs its own start (the workers suite signs in across them).
        await eventually(async () => listening.size === processes, 20_000);
        // jose is ES modules only and loaded by require(esm): Node must not warn about it.
        expect(stderr.filter((line) => /ExperimentalWarning|require\(\) of ES Module/.test(line))).toEqual([]);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    },
  );
});
