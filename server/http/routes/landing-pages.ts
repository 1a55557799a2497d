import Router from '@koa/router';
import type { Context } from 'koa';
import { escapeHtml, html } from '../html-page';
import { RequestError } from '../request-error';
import { isScanPath, SCAN_PATHS } from './pages';

/** What the landing pages say about the phone app; the store links are optional. */
export interface LandingPageOptions {
  appName?: string;
  appStoreUrl?: string;
  playStoreUrl?: string;
}

/**
 * The pages a person sees when the demo is off (production): a phone camera that opens a QR's link in the
 * browser (the app is not installed, or links are not set up) lands on "open this in the app", with store
 * links; there are no demo users and nothing to confirm here, only the app can sign in. `/` names the service.
 */
export function landingPageRoutes(options: LandingPageOptions): Router {
  const app = options.appName ? `the ${escapeHtml(options.appName)} app` : 'the app';
  const stores = [
    options.appStoreUrl && `<a class="button button-primary" href="${escapeHtml(options.appStoreUrl)}">App Store</a>`,
    options.playStoreUrl &&
      `<a class="button button-primary" href="${escapeHtml(options.playStoreUrl)}">Google Play</a>`,
  ].filter(Boolean);
  const storeLinks = stores.length
    ? `    <p class="lead">Don't have it yet?</p>\n    <p class="actions">${stores.join(' ')}</p>`
    : '';
  const scanPage = html(
    `Open in ${app}`,
    `    <h1>Open this code in ${app}</h1>
    <p class="lead">This sign-in code is for ${app}. Open the app, scan the code on the other screen with it,
    and confirm the sign-in there.</p>
${storeLinks}`,
  );
  const homePage = html(
    'Sign-in service',
    `    <h1>Sign-in service</h1>
    <p class="lead">This service signs you in on a website with ${app}. Start on the website's login page.</p>`,
  );

  const send = (ctx: Context, page: string) => {
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = page;
  };
  const router = new Router();
  router.get('/', (ctx) => send(ctx, homePage));
  router.get(SCAN_PATHS, (ctx) => {
    if (!isScanPath(ctx.params)) throw new RequestError('not_found', 'This is not a QR login code.');
    send(ctx, scanPage);
  });
  return router;
}
