import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Router from '@koa/router';
import type { Context } from 'koa';
import { isLoginId } from '../../transport/login-id';
import { rotationMark } from '../../wire';
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
 * the demo, landing-pages.ts answers both). Always the browser
 * SDK at the stable `/sdk/qr-login.js` and `/sdk/qr-login.mjs`, the `<qr-login>` element at
 * `/sdk/qr-login-element.js`, and the demo pages' assets.
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
    'styles.css': { file: path.join(clientDir, 'dist', 'demo', 'styles.css'), type: 'css', cacheControl: 'no-cache' },
  };

  const router = new Router();
  if (demoPages) {
    router.get('/', (ctx) => serve(ctx, page('index.html')));
    // The QR content: `/scan/<id>`, or `/scan/<id>/<rotation mark>` while QR codes rotate.
    router.get(SCAN_PATHS, (ctx) => {
      if (!isScanPath(ctx.params)) throw new RequestError('not_found', 'This is not a QR login code.');
      return serve(ctx, page('phone.html'));
    });
    // The same phone without a camera: the user types the code shown under the QR.
    router.get('/phone', (ctx) => serve(ctx, page('phone.html')));
  }
  router.get('/sdk/qr-login.js', (ctx) => serve(ctx, sdk('qr-login.js', 'js')));
  router.get('/sdk/qr-login.mjs', (ctx) => serve(ctx, sdk('qr-login.mjs', 'js')));
  router.get('/sdk/qr-login-element.js', (ctx) => serve(ctx, sdk('qr-login-element.js', 'js')));
  router.get('/demo/assets/:name', (ctx) => {
    const name = ctx.params.name ?? '';
    const asset = Object.hasOwn(demoAssets, name) ? demoAssets[name] : undefined;
    if (!asset) throw new RequestError('not_found', 'No such asset.');
    return serve(ctx, asset);
  });
  return router;
}

async function serve(ctx: Context, asset: StaticFile): Promise<void> {
  let contents: Buffer;
  try {
    contents = await readFile(asset.file);
  } catch {
    throw new RequestError('not_found', 'This file is not built yet: run `npm run build:client`.');
  }
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
