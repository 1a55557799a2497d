/**
 * The <qr-login> element in each language it speaks, chosen by its `lang` attribute or, without one, by the
 * browser's languages: the words of that language's catalogue (no English left), `lang` and `dir` saying which,
 * nothing wider than a phone, while the QR waits and once scanned with the number to pick (service defaults).
 */
import type { Browser, Page } from 'playwright-core';
import { formatMessage, pickCatalogue } from '../../client/browser/element/messages';
import { en } from '../../client/browser/element/messages/en';
import { BROWSER_TEST_TIMEOUT_MS, collectPageErrors, saveScreenshot } from '../support/chromium';
import {
  checkCodeShown,
  type ElementSite,
  type ElementTestbed,
  scanShownQr,
  startElementTestbed,
  waitForElementQr,
  waitForElementState,
} from '../support/element-page';
import { ACCEPTED_LANGUAGES, englishLeft, englishPhrases, phoneContext } from '../support/page-languages';
import { phoneAs } from '../support/phone-sdk';
import type { TestServer } from '../support/server';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

const LANGUAGES = ACCEPTED_LANGUAGES.map(([, lang]) => lang);
const ENGLISH_PHRASES = englishPhrases(en.messages);

/** What the element shows a person (its text and the QR's text alternative), its language and any overflow. */
function readElement(page: Page) {
  return page.evaluate(() => {
    const host = document.querySelector('qr-login')!;
    const root = host.shadowRoot!.querySelector<HTMLElement>('.root')!;
    const alt = host.shadowRoot!.querySelector('img')?.alt ?? '';
    return {
      lang: root.lang,
      dir: root.dir,
      text: `${root.innerText}\n${alt}`,
      status: host.shadowRoot!.querySelector<HTMLElement>('#status')!.textContent,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
}

describe('<qr-login> in the language of its page or its browser', () => {
  let browser: Browser;
  let site: ElementSite;
  let server: TestServer;

  let testbed: ElementTestbed | undefined;

  beforeAll(async () => {
    testbed = await startElementTestbed();
    ({ site, server, browser } = testbed);
  });
  afterAll(() => testbed?.close());

  /** Opens the element on a phone-sized screen, checks it waiting and then scanned, and returns what it said. */
  async function showOnPhone(path: string, locale: string, expected: string, name: string) {
    const catalogue = pickCatalogue([expected]);
    const context = await phoneContext(browser, undefined, { locale });
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(`${site.origin}${path}`);
      const id = await waitForElementQr(page);
      const pending = await readElement(page);
      expect({ lang: pending.lang, dir: pending.dir }).toEqual({ lang: expected, dir: catalogue.dir });
      expect(pending.status).toBe(catalogue.messages.scanPrompt);
      expect({ pending: englishLeft(pending.text, ENGLISH_PHRASES) }).toEqual({ pending: [] });
      expect({ pending: pending.overflow }).toEqual({ pending: 0 });
      await saveScreenshot(page, `element-${name}-pending`);

      const phone = phoneAs(server, 'alice');
      await scanShownQr(page, phone);
      await waitForElementState(page, 'scanned');
      const checkCode = await checkCodeShown(page);
      const scanned = await readElement(page);
      expect(scanned.text).toContain(formatMessage(catalogue.messages.pickCode, { checkCode }).replace(/\s+/g, ' '));
      expect({ scanned: englishLeft(scanned.text, ENGLISH_PHRASES) }).toEqual({ scanned: [] });
      expect({ scanned: scanned.overflow }).toEqual({ scanned: 0 });
      await saveScreenshot(page, `element-${name}-scanned`);
      await phone.confirm(id, { checkCode });
      await waitForElementState(page, 'signed-in');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }

  it.each(LANGUAGES)('lang="%s": nothing in English, nothing wider than a phone', async (lang) => {
    // An English browser: the attribute alone picks the language.
    await showOnPhone(`/?lang=${lang}`, 'en-US', lang, lang);
  });

  it('without a lang attribute, a French browser gets French', async () => {
    await showOnPhone('/', 'fr-FR', 'fr', 'navigator-fr');
  });
});
