/**
 * Bundles the browser SDK and the demo pages with esbuild into client/dist:
 *   qr-login.mjs (ES module) and qr-login.js (script, global `QrLogin`), socket.io-client included,
 *   qr-login-element.js (ES module defining `<qr-login>`, and exporting all qr-login.mjs does),
 *   demo/login-page.js, demo/phone-page.js, demo/styles.css.
 * Run: `npm run build:client`. Tests call `buildClient()`; files are replaced atomically, so parallel
 * builds and a server reading them never see half a file.
 * `--if-changed` (what `npm start` runs) builds only when a file the last build read has changed: each build
 * records the hash of every input esbuild reported, and this script itself, in client/dist/.inputs.json.
 */

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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
  metafile: true,
  absWorkingDir: ROOT,
  logLevel: 'warning',
};

/** The demo login page imports the SDK the way an adopter would: the files the service serves at /sdk/. */
const useServedSdk: Plugin = {
  name: 'use-served-sdk',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/browser\/index$/ }, () => ({ path: '/sdk/qr-login.mjs', external: true }));
    builder.onResolve({ filter: /^\.\.\/browser\/element\/define$/ }, () => ({
      path: '/sdk/qr-login-element.js',
      external: true,
    }));
  },
};

function bundles(): BuildOptions[] {
  const sdkEntry = path.join(ROOT, 'client', 'browser', 'index.ts');
  const elementEntry = path.join(ROOT, 'client', 'browser', 'element', 'define.ts');
  const demo = (name: string) => path.join(ROOT, 'client', 'demo', name);
  return [
    { ...common, entryPoints: [sdkEntry], format: 'esm', outfile: path.join(CLIENT_DIST, 'qr-login.mjs') },
    {
      ...common,
      entryPoints: [elementEntry],
      format: 'esm',
      outfile: path.join(CLIENT_DIST, 'qr-login-element.js'),
    },
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
async function writeAtomically(file: Pick<OutputFile, 'path' | 'contents'>): Promise<void> {
  await mkdir(path.dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, file.contents);
  await rename(temporary, file.path);
}

/** What the last build read (paths relative to the repository) with each file's hash, and what it wrote. */
interface BuildRecord {
  inputs: Record<string, string>;
  outputs: string[];
}
const RECORD = path.join(CLIENT_DIST, '.inputs.json');

async function hashOf(relative: string): Promise<string | undefined> {
  const contents = await readFile(path.join(ROOT, relative)).catch(() => undefined);
  return contents && createHash('sha256').update(contents).digest('base64url');
}

async function hashAll(files: string[]): Promise<Record<string, string | undefined>> {
  const hashes = await Promise.all(files.map(hashOf));
  return Object.fromEntries(files.map((file, index) => [file, hashes[index]]));
}

/** True when the last build's inputs are unchanged and its outputs are all still there. */
async function upToDate(): Promise<boolean> {
  const record = await readFile(RECORD, 'utf8')
    .then((text) => JSON.parse(text) as BuildRecord)
    .catch(() => undefined);
  if (!record) return false;
  const now = await hashAll(Object.keys(record.inputs));
  const outputs = await hashAll(record.outputs);
  return (
    Object.entries(record.inputs).every(([file, hash]) => now[file] === hash) &&
    Object.values(outputs).every((hash) => hash !== undefined)
  );
}

export async function buildClient(): Promise<OutputFile[]> {
  const results = await Promise.all(bundles().map((options) => build(options)));
  const files = results.flatMap((result) => result.outputFiles ?? []);
  await Promise.all(files.map(writeAtomically));
  const inputs = [
    path.relative(ROOT, __filename),
    ...results.flatMap((result) => Object.keys(result.metafile?.inputs ?? {})),
  ];
  const record: BuildRecord = {
    inputs: (await hashAll([...new Set(inputs)])) as Record<string, string>,
    outputs: files.map((file) => path.relative(ROOT, file.path)),
  };
  await writeAtomically({ path: RECORD, contents: Buffer.from(JSON.stringify(record, null, 1)) });
  return files;
}

async function main(): Promise<OutputFile[]> {
  if (process.argv.includes('--if-changed') && (await upToDate())) {
    console.log('client/dist is up to date');
    return [];
  }
  return buildClient();
}

if (require.main === module) {
  main().then(
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
