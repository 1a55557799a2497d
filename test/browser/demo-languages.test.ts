/**
 * The demo login and phone pages in the language the browser asks for, through a whole sign-in on the defaults
 * (the phone page reads the QR off the login page and picks the number it shows): every sentence of both pages
 * and of the login page's <qr-login> from that language's catalogues (no English left), `lang` and `dir` saying
 * which, nothing wider than a phone, waiting, scanned and signed in.
 */
import type { Browser, Page } from 'playwright-core';
import { en as elementEnglish } from '../../client/browser/element/messages/en';
import { en } from '../../server/http/demo-messages/en';
import {
  BROWSER_TEST_TIMEOUT_MS,
  BROWSER_WAIT_MS,
  checkCodeOnScreen,
  collectPageErrors,
  launchChromium,
  readQrFromPixels,
  saveScreenshot,
  waitForLoginState,
  waitForQr,
} from '../support/chromium';
import { buildClientOnce } from '../support/client-bundle';
import { ACCEPTED_LANGUAGES, englishLeft, englishPhrases, phoneContext } from '../support/page-languages';
import { startTestServer, type TestServer } from '../support/server';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

const ENGLISH_PHRASES = [...englishPhrases(en.messages), ...englishPhrases(elementEnglish.messages)];

/** Everything a person reads on the page (the element's words and the QR's text alternative too). */
function readPage(page: Page) {
  return page.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true;
    const element = document.querySelector('qr-login')?.shadowRoot;
    const root = element?.querySelector<HTMLElement>('.root');
    return {
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      elementLang: root?.lang,
      text: [document.title, document.body.innerText, root?.innerText, element?.querySelector('img')?.alt].join('\n'),
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
}

describe('the demo pages in the browser’s language', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    await buildClientOnce();
    server = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(ACCEPTED_LANGUAGES)(
    '%s gets %s (%s) through a sign-in: nothing in English, nothing wider than a phone',
    async (accept, lang, dir) => {
      // Only the header says the language (a context's locale would replace it): navigator.languages stays
      // English, so the element's language comes from the page's `lang` attribute.
      const context = await phoneContext(browser, accept);
      try {
        const login = await context.newPage();
        const phone = await context.newPage();
        const errors = [...collectPageErrors(login), ...collectPageErrors(phone)];
        const expectShown = async (page: Page, step: string) => {
          const shown = await readPage(page);
          expect({ step, lang: shown.lang, dir: shown.dir }).toEqual({ step, lang, dir });
          expect({ step, english: englishLeft(shown.text, ENGLISH_PHRASES) }).toEqual({ step, english: [] });
          expect({ step, unfilled: shown.text.match(/\{+\w+\}+/g) }).toEqual({ step, unfilled: null });
          expect({ step, overflow: shown.overflow }).toEqual({ step, overflow: 0 });
          if (shown.elementLang !== undefined)
            expect({ step, elementLang: shown.elementLang }).toEqual({ step, elementLang: lang });
          await saveScreenshot(page, `demo-${lang}-${step}`);
        };

        await login.goto(`${server.url}/`);
        await waitForQr(login);
        await login.locator('#login[data-transport]').waitFor({ timeout: BROWSER_WAIT_MS });
        await expectShown(login, 'login-pending');

        await phone.goto(await readQrFromPixels(login));
        await phone.locator('button[data-user-id="alice"]').click({ timeout: BROWSER_WAIT_MS });
        await phone.locator('#phone[data-step="confirm"]').waitFor({ timeout: BROWSER_WAIT_MS });
        await expectShown(phone, 'phone-confirm');
        await waitForLoginState(login, 'scanned');
        const checkCode = await checkCodeOnScreen(login);
        await expectShown(login, 'login-scanned');

        await phone.locator(`.check-choice[data-code="${checkCode}"]`).click();
        await phone.locator('#phone[data-outcome="confirmed"]').waitFor({ timeout: BROWSER_WAIT_MS });
        await expectShown(phone, 'phone-done');
        await waitForLoginState(login, 'signed-in');
        await expectShown(login, 'login-signed-in');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it('speaks English to a browser that asks for none of its languages, and says which language it chose', async () => {
    for (const path of ['/', '/phone']) {
      const english = await fetch(`${server.url}${path}`, { headers: { 'accept-language': 'ko-KR' } });
      expect(english.headers.get('content-language')).toBe('en');
      expect(english.headers.get('vary')).toMatch(/accept-language/i);
      expect(await english.text()).toContain('<html lang="en" dir="ltr">');
      const arabic = await fetch(`${server.url}${path}`, { headers: { 'accept-language': 'ar-EG' } });
      expect(await arabic.text()).toContain('<html lang="ar" dir="rtl">');
    }
  });
});
