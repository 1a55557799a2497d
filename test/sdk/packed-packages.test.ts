import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The SDKs as a site gets them: `npm pack` (which builds them), unpacked into a consumer project's
 * node_modules, then a consumer typechecked under Node's own module rules and loaded both ways.
 */
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const PACKAGES = ['browser', 'mobile'] as const;
const PACKAGE_TIMEOUT_MS = 240_000;

let consumerDir: string;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'qr-login-sdk-'));
  consumerDir = path.join(workDir, 'consumer');
  await cp(path.join(__dirname, 'consumer'), consumerDir, { recursive: true });
  const workspaces = PACKAGES.flatMap((name) => ['--workspace', `client/${name}`]);
  await run('npm', ['pack', ...workspaces, '--pack-destination', workDir, '--silent'], {
    cwd: ROOT,
    timeout: PACKAGE_TIMEOUT_MS,
  });
  await mkdir(path.join(consumerDir, 'node_modules', '@qr-login'), { recursive: true });
  for (const name of PACKAGES) {
    const tarball = (await readdir(workDir)).find((file) => file.startsWith(`qr-login-${name}-`));
    if (!tarball) throw new Error(`npm pack made no tarball for ${name}`);
    const target = path.join(consumerDir, 'node_modules', '@qr-login', name);
    await mkdir(target);
    await run('tar', ['-xzf', path.join(workDir, tarball), '-C', target, '--strip-components=1']);
  }
  // The browser package's one dependency, as npm would install it beside the SDK.
  await symlink(
    path.join(ROOT, 'node_modules', 'socket.io-client'),
    path.join(consumerDir, 'node_modules', 'socket.io-client'),
  );
}, PACKAGE_TIMEOUT_MS);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

it.each(PACKAGES)(
  'the %s package ships its builds, types, README, CHANGELOG and LICENSE, and no source',
  async (name) => {
    const files = await readdir(path.join(consumerDir, 'node_modules', '@qr-login', name), { recursive: true });
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'CHANGELOG.md',
        'LICENSE',
        'dist/index.mjs',
        'dist/index.js',
        'dist/index.d.mts',
        'dist/index.d.ts',
        ...(name === 'browser' ? ['dist/element.mjs', 'dist/element.js', 'dist/element.d.ts'] : []),
      ]),
    );
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.d.mts'))).toEqual(
      [],
    );
  },
);

it('a consumer compiles against the packed types from ES modules and CommonJS, and wrong use does not', async () => {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await run(process.execPath, [tsc, '-p', consumerDir], { cwd: consumerDir }).catch(
    (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
  );
  expect(result.stdout).toBe('');
  expect('failed' in result).toBe(false);
});

it('both builds load and export the same names through `import` and `require`', async () => {
  const script = `
    const names = (m) => Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule').sort().join();
    for (const name of ['@qr-login/browser', '@qr-login/mobile']) {
      const esm = await import(name);
      const cjs = require(name);
      if (names(esm) !== names(cjs) || !names(esm).includes('QrLoginError')) throw new Error(name + ': ' + names(esm) + ' vs ' + names(cjs));
    }
    // The element's module loads outside a browser too (server-side rendering), defining nothing there.
    await import('@qr-login/browser/element');
    require('@qr-login/browser/element');
    const { parseQrContent } = require('@qr-login/mobile');
    console.log(parseQrContent('https://a.example/scan/3b241101-e2bb-4255-8caf-4136c566a962', 'https://a.example'));
  `;
  const { stdout } = await run(
    process.execPath,
    ['-e', `(async () => {${script}})().catch((e) => { console.error(e); process.exit(1); })`],
    {
      cwd: consumerDir,
    },
  );
  expect(stdout.trim()).toBe('3b241101-e2bb-4255-8caf-4136c566a962');
});
