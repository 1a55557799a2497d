/**
 * The mobile package must run in React Native, which has `fetch`, `URL`, `AbortController` and timers but none of
 * Node's modules or globals. Its npm build (the tsup config the package ships with) is bundled for a neutral
 * platform, where a Node module cannot resolve, and then run in a bare context holding only those globals,
 * through the whole phone path against a real service on its defaults.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { build as bundle } from 'esbuild';
import { build as buildPackage } from 'tsup';
import type * as MobileSdk from '../../client/mobile/index';
import { sdkPackageConfig } from '../../client/tsup.sdk';
import { QrApi } from '../support/qr-api';
import { serverForSuite } from '../support/server';

const MOBILE_DIR = path.resolve(__dirname, '../../client/mobile');
const BUILD_TIMEOUT_MS = 60_000;

describe('the built mobile package', () => {
  const suite = serverForSuite();
  let outDir: string;

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'qr-login-mobile-'));
    // The package's own build, written elsewhere so a concurrent `npm pack` of client/mobile is not disturbed.
    await buildPackage({
      ...sdkPackageConfig({ entry: { index: path.join(MOBILE_DIR, 'index.ts') }, outDir, dts: false }),
      config: false,
      silent: true,
    });
  }, BUILD_TIMEOUT_MS);
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it.each(['index.mjs', 'index.js'])('%s imports nothing: no Node module, no other package', async (file) => {
    const result = await bundle({
      entryPoints: [path.join(outDir, file)],
      bundle: true,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imports).toEqual([]);
    expect(await readFile(path.join(outDir, file), 'utf8')).not.toMatch(/\brequire\(|from ['"]node:/);
  });

  it('runs the phone path with only the globals React Native has', async () => {
    const { outputFiles } = await bundle({
      entryPoints: [path.join(outDir, 'index.mjs')],
      bundle: true,
      platform: 'neutral',
      format: 'iife',
      globalName: 'QrLoginMobileSdk',
      write: false,
    });
    const reactNativeLike = vm.createContext({ fetch, URL, AbortController, setTimeout, clearTimeout, console });
    vm.runInContext(outputFiles[0]!.text, reactNativeLike);
    const sdk = vm.runInContext('QrLoginMobileSdk', reactNativeLike) as typeof MobileSdk;
    expect(vm.runInContext('typeof process + typeof require + typeof Buffer', reactNativeLike)).toBe(
      'undefinedundefinedundefined',
    );

    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    const token = suite.server.mobileToken('alice');
    const phone = new sdk.QrLoginMobile({ baseUrl: suite.server.url, getToken: () => token });
    const request = await phone.claim(login.content);
    const { body } = await api.status(login.id, login.secret);
    expect(request.choices).toContain(body.checkCode);
    await phone.confirm(request.id, { checkCode: body.checkCode });
    expect((await api.token(login.id, login.secret)).status).toBe(200);
  });
});
