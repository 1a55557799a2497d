/**
 * The pages a phone sees when the demo is off, in the language its browser asks for: every sentence from that
 * language's catalogue (nothing left in English), `lang` and `dir` saying which, nothing wider than a phone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { en } from '../../server/http/page-messages/en';
import { BROWSER_TEST_TIMEOUT_MS, collectPageErrors, launchChromium, saveScreenshot } from '../support/chromium';
import { buildClientOnce } from '../support/client-bundle';
import { ACCEPTED_LANGUAGES, englishLeft, englishPhrases, phoneContext } from '../support/page-languages';
import { startTestServer, type TestServer } from '../support/server';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

const ID = '3b241101-e2bb-4255-8caf-4136c566a962';
const ENGLISH_PHRASES = englishPhrases(en.messages);

describe('the landing pages in the browser’s language', () => {
  let browser: Browser;
  let server: TestServer;
  let folder: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'qr-login-messages-'));
    const overrides = join(folder, 'page-messages.json');
    writeFileSync(overrides, JSON.stringify({ fr: { homeTitle: 'Connexion Acme' } }));
    await buildClientOnce();
    server = await startTestServer({
      DEMO_USERS: 'false',
      APP_NAME: 'Acme',
      APP_STORE_URL: 'https://apps.apple.com/app/acme/id123456789',
      PLAY_STORE_URL: 'https://play.google.com/store/apps/details?id=com.acme.app',
      PAGE_MESSAGES: overrides,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each(ACCEPTED_LANGUAGES)(
    '%s gets %s (%s), nothing in English, nothing wider than a phone',
    async (accept, lang, dir) => {
      const context = await phoneContext(browser, accept);
      try {
        const page = await context.newPage();
        const errors = collectPageErrors(page);
        for (const path of [`/scan/${ID}`, '/']) {
          await page.goto(`${server.url}${path}`);
          const shown = await page.evaluate(() => ({
            lang: document.documentElement.lang,
            dir: document.documentElement.dir,
            text: `${document.title}\n${document.body.innerText}`,
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          }));
          expect({ path, lang: shown.lang, dir: shown.dir }).toEqual({ path, lang, dir });
          const english = englishLeft(shown.text, ENGLISH_PHRASES);
          expect({ path, english }).toEqual({ path, english: [] });
          expect({ path, overflow: shown.overflow }).toEqual({ path, overflow: 0 });
          await saveScreenshot(page, `landing-${lang}${path === '/' ? '-home' : '-scan'}`);
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it('speaks English to a browser that asks for none of its languages, and a site can replace any message', async () => {
    const english = await fetch(`${server.url}/scan/${ID}`, { headers: { 'accept-language': 'ko-KR' } });
    expect(english.headers.get('content-language')).toBe('en');
    expect(await english.text()).toContain(en.messages.scanHeading.replace('{app}', 'Acme app'));
    const french = await fetch(`${server.url}/`, { headers: { 'accept-language': 'fr' } });
    expect(await french.text()).toContain('<h1>Connexion Acme</h1>');
  });
});
