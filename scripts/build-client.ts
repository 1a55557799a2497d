/**
 * Bundles the browser SDK and the demo pages with esbuild into client/dist:
 *   qr-login.mjs (ES module) and qr-login.js (script, global `QrLogin`), socket.io-client included,
 *   demo/login-page.js, demo/phone-page.js, demo/styles.css.
 * Run: `npm run build:client`. Tests call `buildClient()`; files are replaced atomically, so parallel
 * builds and a server reading them never see half a file.
 */

import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type OutputFile, type Plugin } from 'esbuild';

const ROOT = path.resolve(__dirname, '..');
export const CLIENT_DIST = path.join(ROOT, 'client', 'dist');

// Browsers from 2020 on (Safari 14, Chrome 85, Firefox 80): optional chaining, no newer syntax.
const BROWSER_TARGETS = ['es2020'];

const common: BuildOptions = {
  bundle: true,
  minify: true,
  platform: 'browser',
  target: BROWSER_TARGETS,
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
};

/** The demo login page imports the SDK the way an adopter would: the file the service serves at /sdk/. */
const useServedSdk: Plugin = {
  name: 'use-served-sdk',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/browser$/ }, () => ({ path: '/sdk/qr-login.mjs', external: true }));
  },
};

function bundles(): BuildOptions[] {
  const sdkEntry = path.join(ROOT, 'client', 'browser', 'index.ts');
  const demo = (name: string) => path.join(ROOT, 'client', 'demo', name);
  return [
    { ...common, entryPoints: [sdkEntry], format: 'esm', outfile: path.join(CLIENT_DIST, 'qr-login.mjs') },
    {
      ...common,
      entryPoints: [sdkEntry],
      format: 'iife',
      globalName: 'QrLogin',
      outfile: path.join(CLIENT_DIST, 'qr-login.js'),
    },
    {
      ...common,
      entryPoints: [demo('login-page.ts')],
      format: 'esm',
      plugins: [useServedSdk],
      outfile: path.join(CLIENT_DIST, 'demo', 'login-page.js'),
    },
    {
      ...common,
      entryPoints: [demo('phone-page.ts')],
      format: 'esm',
      outfile: path.join(CLIENT_DIST, 'demo', 'phone-page.js'),
    },
    { ...common, entryPoints: [demo('styles.css')], outfile: path.join(CLIENT_DIST, 'demo', 'styles.css') },
  ];
}

/** Write to a unique temporary name, then rename over the target: readers see the old file or the new one. */
async function writeAtomically(file: OutputFile): Promise<void> {
  await mkdir(path.dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, file.contents);
  await rename(temporary, file.path);
}

export async function buildClient(): Promise<OutputFile[]> {
  const results = await Promise.all(bundles().map((options) => build(options)));
  const files = results.flatMap((result) => result.outputFiles ?? []);
  await Promise.all(files.map(writeAtomically));
  return files;
}

if (require.main === module) {
  buildClient().then(
    (files) => {
      for (const file of files) {
        const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
        console.log(
          `${path.relative(ROOT, file.path).padEnd(36)} ${kb(file.contents.length)} (${kb(gzipSync(file.contents).length)} gzip)`,
        );
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
