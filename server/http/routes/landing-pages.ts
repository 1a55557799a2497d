import Router from '@koa/router';
import type { Context } from 'koa';
import { escapeHtml, html } from '../html-page';
import { negotiatePageLanguage } from '../page-language';
import { type Catalogue, format, type MessageOverrides, PAGE_LANGUAGES, pageCatalogues } from '../page-messages';
import { RequestError } from '../request-error';
import { isScanPath, SCAN_PATHS } from './pages';

/** What the landing pages say about the phone app; the store links are optional. */
export interface LandingPageOptions {
  appName?: string;
  appStoreUrl?: string;
  playStoreUrl?: string;
  /** A site's own words for any message, per language (PAGE_MESSAGES). */
  pageMessages?: MessageOverrides;
}

interface LandingPages {
  scan: string;
  home: string;
}

/** Both pages in one language: every sentence from its catalogue, the app's name and store names as they are. */
function landingPages(options: LandingPageOptions, { lang, dir, messages }: Catalogue): LandingPages {
  const say = (message: string, values: Record<string, string> = {}) => escapeHtml(format(message, values));
  const app = options.appName ? format(messages.namedApp, { name: options.appName }) : messages.app;
  const stores = [
    options.appStoreUrl && `<a class="button button-primary" href="${escapeHtml(options.appStoreUrl)}">App Store</a>`,
    options.playStoreUrl &&
      `<a class="button button-primary" href="${escapeHtml(options.playStoreUrl)}">Google Play</a>`,
  ].filter(Boolean);
  const storeLinks = stores.length
    ? `    <p class="lead">${say(messages.noAppYet)}</p>\n    <p class="actions">${stores.join(' ')}</p>`
    : '';
  const scan = html(
    say(messages.scanTitle, { app }),
    `    <h1>${say(messages.scanHeading, { app })}</h1>
    <p class="lead">${say(messages.scanLead, { app })}</p>
${storeLinks}`,
    { lang, dir },
  );
  const home = html(
    say(messages.homeTitle),
    `    <h1>${say(messages.homeTitle)}</h1>
    <p class="lead">${say(messages.homeLead, { app })}</p>`,
    { lang, dir },
  );
  return { scan, home };
}

/**
 * The pages a person sees when the demo is off (production): a phone camera that opens a QR's link in the
 * browser (the app is not installed, or links are not set up) lands on "open this in the app", with store
 * links; there are no demo users and nothing to confirm here, only the app can sign in. `/` names the service.
 * Each in the language the browser asks for (Accept-Language), English when it asks for none the service speaks.
 */
export function landingPageRoutes(options: LandingPageOptions): Router {
  const catalogues = pageCatalogues(options.pageMessages);
  const pages = new Map([...catalogues].map(([lang, catalogue]) => [lang, landingPages(options, catalogue)]));
  const tags = PAGE_LANGUAGES.map((catalogue) => catalogue.lang);

  const send = (ctx: Context, page: keyof LandingPages) => {
    const lang = negotiatePageLanguage(ctx, tags);
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = pages.get(lang)![page];
  };
  const router = new Router();
  router.get('/', (ctx) => send(ctx, 'home'));
  router.get(SCAN_PATHS, (ctx) => {
    if (!isScanPath(ctx.params)) throw new RequestError('not_found', 'This is not a QR login code.');
    send(ctx, 'scan');
  });
  return router;
}
