/**
 * The <qr-login> element as a site uses it: a page on another origin holding only the element and its module
 * script, against the service on its defaults (number matching and the rotating QR on). The phone is the mobile
 * SDK, reading the QR from the screen's pixels and picking the number the element shows.
 */
import jsQR from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import type { QrLoginElement } from '../../client/browser/index';
import type { SessionGrant } from '../../client/shared/wire-types';
import { BROWSER_TEST_TIMEOUT_MS, BROWSER_WAIT_MS, collectPageErrors, saveScreenshot } from '../support/chromium';
import {
  checkCodeShown,
  type ElementSite,
  type ElementTestbed,
  recordElementEvents,
  scanShownQr,
  startElementTestbed,
  waitForElementEvent,
  waitForElementQr,
  waitForElementState,
} from '../support/element-page';
import { phoneAs } from '../support/phone-sdk';
import type { TestServer } from '../support/server';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

describe('<qr-login> on a page of another origin, on the service defaults', () => {
  let browser: Browser;
  let site: ElementSite;
  let server: TestServer;
  const contexts: BrowserContext[] = [];

  let testbed: ElementTestbed | undefined;

  beforeAll(async () => {
    testbed = await startElementTestbed();
    ({ site, server, browser } = testbed);
  });
  afterAll(() => testbed?.close());
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  async function openSite(path = '/', origin = site.origin): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
    contexts.push(context);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await recordElementEvents(page);
    await page.goto(`${origin}${path}`);
    // Set once: a reload would lose it, so a test can tell a fresh QR shown in place from a reloaded page.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    return { page, errors };
  }

  const status = (page: Page) => page.locator('qr-login #status').innerText();
  const sameDocument = (page: Page) => page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument);

  it('signs in: the phone reads the QR off the screen, picks the number shown, and the page gets the token', async () => {
    const { page, errors } = await openSite();
    const id = await waitForElementQr(page);
    const userCode = (await page.locator('qr-login #user-code').innerText()).trim();
    expect(userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    // The QR's text alternative names the code to type, for whoever cannot see or scan it.
    await expect(page.locator('qr-login #qr-image').getAttribute('alt')).resolves.toContain(userCode);
    await expect(status(page)).resolves.toMatch(/scan this code/i);

    const phone = phoneAs(server, 'alice');
    const scan = await scanShownQr(page, phone);
    expect(scan.id).toBe(id);
    await waitForElementState(page, 'scanned');
    const shown = await checkCodeShown(page);
    expect(scan.checkCode).toMatchObject({ mode: 'match' });
    expect(scan.checkCode?.mode === 'match' && scan.checkCode.choices).toContain(shown);
    await expect(page.locator('qr-login #check-code-line').textContent()).resolves.toBe(`Pick ${shown} on your phone`);
    await expect(status(page)).resolves.toContain('Scanned by Alice Martin');
    await saveScreenshot(page, 'element-scanned');

    await phone.confirm(id, { checkCode: shown });
    const grant = await waitForElementEvent<SessionGrant>(page, 'signed-in');
    const claims = JSON.parse(Buffer.from(grant.token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'alice', jti: id });
    expect(grant.user).toMatchObject({ id: 'alice', name: 'Alice Martin' });
    await waitForElementState(page, 'signed-in');
    await expect(status(page)).resolves.toBe('Signed in as Alice Martin.');
    expect(errors).toEqual([]);
  });

  it('a wrong pick ends that attempt: the element says so and shows a fresh QR without a reload, which signs in', async () => {
    const { page, errors } = await openSite();
    const firstId = await waitForElementQr(page);
    const phone = phoneAs(server, 'bob');
    const scan = await scanShownQr(page, phone);
    const shown = await checkCodeShown(page);
    const wrong = scan.checkCode?.mode === 'match' ? scan.checkCode.choices.find((code) => code !== shown) : undefined;
    await expect(phone.confirm(firstId, { checkCode: wrong })).rejects.toMatchObject({ code: 'check_code_mismatch' });

    const freshId = await waitForElementQr(page, firstId);
    await expect(page.locator('qr-login').getAttribute('notice')).resolves.toBe('denied');
    await expect(page.locator('qr-login').getAttribute('reason')).resolves.toBe('wrong_check_code');
    await expect(status(page)).resolves.toBe(
      'A different number was picked on your phone, so this sign-in was stopped for safety. Scan the new code to try again.',
    );
    await saveScreenshot(page, 'element-wrong-pick');
    expect(await sameDocument(page)).toBe(true);

    await scanShownQr(page, phone);
    await phone.confirm(freshId, { checkCode: await checkCodeShown(page) });
    await expect(waitForElementEvent<SessionGrant>(page, 'signed-in')).resolves.toMatchObject({ user: { id: 'bob' } });
    expect(errors).toEqual([]);
  });

  it('a decline on the phone is said plainly, apart from a wrong pick, with a fresh QR', async () => {
    const { page, errors } = await openSite();
    const firstId = await waitForElementQr(page);
    const phone = phoneAs(server, 'carol');
    await scanShownQr(page, phone);
    await phone.deny(firstId);
    await waitForElementQr(page, firstId);
    await expect(page.locator('qr-login').getAttribute('notice')).resolves.toBe('denied');
    await expect(page.locator('qr-login').getAttribute('reason')).resolves.toBe('declined');
    await expect(status(page)).resolves.toBe('You declined on your phone. Scan the new code to try again.');
    expect(await sameDocument(page)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a denial whose reason the service does not give (a version before it) gets the general sentence', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    // No push: every status comes by poll, and each loses its reason on the way, as an older service answers.
    await context.routeWebSocket(/\/socket\.io\//, (socket) => socket.close());
    await context.route(/\/socket\.io\//, (route) => route.abort('blockedbyclient'));
    await context.route(/\/api\/qr\/[0-9a-f-]{36}(\?.*)?$/, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      if (response.status() !== 200) return route.fulfill({ response });
      const { reason: _unknown, ...olderStatus } = await response.json();
      return route.fulfill({ response, json: olderStatus });
    });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await recordElementEvents(page);
    await page.goto(site.origin);
    const firstId = await waitForElementQr(page);
    const phone = phoneAs(server, 'carol');
    await scanShownQr(page, phone);
    await waitForElementState(page, 'scanned');
    await phone.deny(firstId);
    await waitForElementQr(page, firstId);
    await expect(page.locator('qr-login').getAttribute('notice')).resolves.toBe('denied');
    await expect(page.locator('qr-login').getAttribute('reason')).resolves.toBeNull();
    await expect(status(page)).resolves.toBe('This sign-in was stopped on your phone. Scan the new code to try again.');
    expect(errors).toEqual([]);
  });

  it('a cancelled sign-in is said plainly, and a new code comes by keyboard', async () => {
    const { page, errors } = await openSite();
    const firstId = await waitForElementQr(page);
    await page.evaluate(() => document.querySelector<QrLoginElement>('qr-login')!.cancel());
    await waitForElementState(page, 'cancelled');
    await expect(status(page)).resolves.toBe('This sign-in was cancelled.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForElementQr(page, firstId);
    expect(await sameDocument(page)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a network failure is said in words with a retry that works from the keyboard', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    // The service is unreachable: every call to it fails, the SDK file (already loaded) aside.
    await context.route(`${server.url}/{api,livez}/**`, (route) => route.abort('connectionrefused'));
    await context.route(`${server.url}/livez`, (route) => route.abort('connectionrefused'));
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await recordElementEvents(page);
    await page.goto(site.origin);
    await waitForElementState(page, 'error');
    await expect(status(page)).resolves.toMatch(/cannot be reached/);
    await expect(page.locator('qr-login #retry').isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'element-network-error');

    await context.unrouteAll();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id);
    expect(focused).toBe('retry');
    await page.keyboard.press('Enter');
    await waitForElementQr(page);
    await waitForElementState(page, 'pending');
    expect(errors).toEqual([]);
  });

  it('on an origin the service does not allow, says the page is not allowed', async () => {
    const { page } = await openSite('/', `http://localhost:${site.port}`);
    await waitForElementState(page, 'error');
    await expect(status(page)).resolves.toMatch(/not allowed to use the sign-in service/);
  });

  it('stays inside a narrow container, and its QR still reads', async () => {
    const { page, errors } = await openSite('/?width=150');
    await waitForElementQr(page);
    const box = await page.locator('#box').boundingBox();
    const qr = await page.locator('qr-login #qr-image').boundingBox();
    expect(qr!.width).toBeLessThanOrEqual(box!.width);
    expect(qr!.x).toBeGreaterThanOrEqual(box!.x);
    expect(qr!.x + qr!.width).toBeLessThanOrEqual(box!.x + box!.width);
    await expect(scanShownQr(page, phoneAs(server, 'alice'))).resolves.toMatchObject({ state: 'scanned' });
    expect(errors).toEqual([]);
  });
});

describe('createQrLogin, the path for a custom UI', () => {
  it('draws a QR of a sensible size on a wide page and gives the user code and the check code', async () => {
    const { site, server, browser, close } = await startElementTestbed();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await page.goto(`${site.origin}/?headless`);
      await page.waitForFunction(() => document.querySelector<HTMLImageElement>('#qr img')?.complete, undefined, {
        timeout: BROWSER_WAIT_MS,
      });
      const image = page.locator('#qr img.qr-login-code');
      await expect(image.boundingBox()).resolves.toMatchObject({ width: 240, height: 240 }); // it filled the page

      const seen = () => page.evaluate(() => (window as unknown as { headless: Record<string, string> }).headless);
      const { userCode, qrUserCode } = await seen();
      expect(userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
      expect(qrUserCode).toBe(userCode);
      const png = PNG.sync.read(await image.screenshot());
      const content = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? '';
      const scan = await phoneAs(server, 'alice').scanQr(content);
      await page.waitForFunction(
        () => (window as unknown as { headless: { state?: string } }).headless.state === 'scanned',
        undefined,
        { timeout: BROWSER_WAIT_MS },
      );
      const { checkCode, checkCodeNow } = await seen();
      expect(scan.checkCode?.mode === 'match' && scan.checkCode.choices).toContain(checkCode);
      expect(checkCodeNow).toBe(checkCode);
    } finally {
      await close();
    }
  });
});

describe('<qr-login> when a code expires', () => {
  it('says so and shows a fresh QR', async () => {
    // A two-second code, so the test need not wait for the default lifetime; nothing else is changed.
    const { site, browser, close } = await startElementTestbed({ QR_TTL_SECONDS: '2' });
    try {
      const page = await browser.newPage();
      await page.goto(site.origin);
      const firstId = await waitForElementQr(page);
      await waitForElementQr(page, firstId);
      await expect(page.locator('qr-login').getAttribute('notice')).resolves.toBe('expired');
      await expect(page.locator('qr-login #status').innerText()).resolves.toBe('That code expired. Scan the new one.');
    } finally {
      await close();
    }
  });
});
