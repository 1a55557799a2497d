import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Router from '@koa/router';
import type { Context } from 'koa';
import { isLoginId } from '../../transport/login-id';
import { rotationMark } from '../../wire';
import { DEMO_LANGUAGES } from '../demo-messages';
import { renderDemoPage } from '../demo-page';
import { negotiatePageLanguage } from '../page-language';
import { RequestError } from '../request-error';

/** client/ from server/http/routes (tsx) or from dist/server/http/routes (compiled). */
function findClientDir(): string {
  const candidates = [path.resolve(__dirname, '../../../client'), path.resolve(__dirname, '../../../../client')];
  return candidates.find((dir) => existsSync(path.join(dir, 'demo', 'index.html'))) ?? candidates[0]!;
}

const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
} as const;

interface StaticFile {
  file: string;
  type: keyof typeof CONTENT_TYPES;
  cacheControl: string;
}

/**
 * With `demoPages`, the demo login page at `/` and the phone page at `/scan/:id` (the URL inside every QR; without
 * the demo, landing-pages.ts answers both), each in the language the browser asks for. Always the browser
 * SDK at the stable `/sdk/qr-login.js` and `/sdk/qr-login.mjs`, the `<qr-login>` element at
 * `/sdk/qr-login-element.js`, the pages' stylesheet at `/assets/`, and the demo pages' scripts at `/demo/assets/`.
 * Only the files named here are served, so no request path ever reaches the file system.
 */
/** The paths a QR's content opens: `/scan/<id>`, or `/scan/<id>/<rotation mark>` while QR codes rotate. */
export const SCAN_PATHS = ['/scan/:id', '/scan/:id/:rotation'];

export function isScanPath(params: { id?: string; rotation?: string }): boolean {
  return isLoginId(params.id) && (params.rotation === undefined || rotationMark.safeParse(params.rotation).success);
}

export function createPagesRouter({ demoPages = true, clientDir = findClientDir() } = {}): Router {
  const page = (name: string): StaticFile => ({
    file: path.join(clientDir, 'demo', name),
    type: 'html',
    cacheControl: 'no-cache',
  });
  const sdk = (name: string, type: StaticFile['type']): StaticFile => ({
    file: path.join(clientDir, 'dist', name),
    type,
    cacheControl: 'public, max-age=300',
  });
  const demoAssets: Record<string, StaticFile> = {
    'login-page.js': {
      file: path.join(clientDir, 'dist', 'demo', 'login-page.js'),
      type: 'js',
      cacheControl: 'no-cache',
    },
    'phone-page.js': {
      file: path.join(clientDir, 'dist', 'demo', 'phone-page.js'),
      type: 'js',
      cacheControl: 'no-cache',
    },
  };
  /** What every page the service serves loads, the demo's and the production landing pages alike. */
  const pageAssets: Record<string, StaticFile> = {
    'styles.css': { file: path.join(clientDir, 'dist', 'pages', 'styles.css'), type: 'css', cacheControl: 'no-cache' },
    'reference.js': {
      file: path.join(clientDir, 'dist', 'pages', 'reference.js'),
      type: 'js',
      cacheControl: 'public, max-age=300',
    },
  };

  const router = new Router();
  if (demoPages) {
    router.get('/', (ctx) => serveDemoPage(ctx, page('index.html')));
    // The QR content: `/scan/<id>`, or `/scan/<id>/<rotation mark>` while QR codes rotate.
    router.get(SCAN_PATHS, (ctx) => {
      if (!isScanPath(ctx.params)) throw new RequestError('not_found', 'This is not a QR login code.');
      return serveDemoPage(ctx, page('phone.html'));
    });
    // The same phone without a camera: the user types the code shown under the QR.
    router.get('/phone', (ctx) => serveDemoPage(ctx, page('phone.html')));
  }
  router.get('/sdk/qr-login.js', (ctx) => serve(ctx, sdk('qr-login.js', 'js')));
  router.get('/sdk/qr-login.mjs', (ctx) => serve(ctx, sdk('qr-login.mjs', 'js')));
  router.get('/sdk/qr-login-element.js', (ctx) => serve(ctx, sdk('qr-login-element.js', 'js')));
  router.get('/demo/assets/:name', (ctx) => serve(ctx, named(demoAssets, ctx.params.name)));
  router.get('/assets/:name', (ctx) => serve(ctx, named(pageAssets, ctx.params.name)));
  return router;
}

/** Only the files a table names: no request path ever reaches the file system. */
function named(assets: Record<string, StaticFile>, name = ''): StaticFile {
  const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
  if (!asset) throw new RequestError('not_found', 'No such asset.');
  return asset;
}

const DEMO_CATALOGUES = new Map(DEMO_LANGUAGES.map((catalogue) => [catalogue.lang, catalogue]));
const DEMO_TAGS = [...DEMO_CATALOGUES.keys()];

/** A demo page in the language the browser asks for (English when none the service speaks). */
async function serveDemoPage(ctx: Context, asset: StaticFile): Promise<void> {
  const catalogue = DEMO_CATALOGUES.get(negotiatePageLanguage(ctx, DEMO_TAGS))!;
  const template = (await read(asset)).toString('utf8');
  send(ctx, asset, Buffer.from(renderDemoPage(template, catalogue)));
}

async function serve(ctx: Context, asset: StaticFile): Promise<void> {
  send(ctx, asset, await read(asset));
}

async function read(asset: StaticFile): Promise<Buffer> {
  try {
    return await readFile(asset.file);
  } catch {
    throw new RequestError('not_found', 'This file is not built yet: run `npm run build:client`.');
  }
}

function send(ctx: Context, asset: StaticFile, contents: Buffer): void {
  // Content-Security-Policy, nosniff and framing rules come from the app's security headers (server/http/security-headers.ts).
  ctx.set('Cache-Control', asset.cacheControl);
  // Public code: pages on other origins may import the SDK module.
  if (asset.type !== 'html') ctx.set('Access-Control-Allow-Origin', '*');
  ctx.type = CONTENT_TYPES[asset.type];
  ctx.etag = createHash('sha256').update(contents).digest('base64url').slice(0, 27);
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.body = contents;
}
