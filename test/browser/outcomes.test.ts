import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CreatedLogin, StatusBody } from '../../server/wire';
import { connectBrowser } from '../support/browser-socket';
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
import { phoneAs } from '../support/phone-sdk';
import { QrApi } from '../support/qr-api';
import { startTestServer, type TestServer } from '../support/server';

const PHONE_VIEWPORT = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

describe('the demo pages in Chromium: phone page, deny and cancel', () => {
  let browser: Browser;
  let server: TestServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await buildClientOnce();
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await server.close();
  });

  async function newPage(
    options: Parameters<Browser['newContext']>[0] = { viewport: { width: 720, height: 860 } },
  ): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context.newPage();
  }

  /** Opens the login page and keeps what the browser got from `POST /api/qr` (the test needs the secret). */
  async function openLoginPage(): Promise<{ page: Page; login: CreatedLogin; errors: string[] }> {
    const page = await newPage();
    const errors = collectPageErrors(page);
    const created = page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/api/qr'),
    );
    await page.goto(`${server.url}/`);
    const login = (await (await created).json()) as CreatedLogin;
    expect(await waitForQr(page)).toBe(login.id);
    return { page, login, errors };
  }

  /** Opens the QR's URL the way a phone camera app would: the content read from the screen. */
  async function openPhonePage(loginPage: Page, userId: string): Promise<Page> {
    const phone = await newPage(PHONE_VIEWPORT);
    await phone.goto(await readQrFromPixels(loginPage));
    await phone.locator('#phone[data-step="choose"]').waitFor({ timeout: BROWSER_WAIT_MS });
    await saveScreenshot(phone, 'phone-choose-user');
    await phone.locator(`button.user[data-user-id="${userId}"]`).click();
    await phone.locator('#phone[data-step="confirm"]').waitFor({ timeout: BROWSER_WAIT_MS });
    return phone;
  }

  async function statusOf(login: CreatedLogin): Promise<StatusBody> {
    const reply = await new QrApi(server.url).status(login.id, login.secret);
    expect(reply.status).toBe(200);
    return reply.body;
  }

  it('signs in from the phone page: pick a user, see who is asking, pick the number the screen shows', async () => {
    const { page, errors } = await openLoginPage();
    const phone = await openPhonePage(page, 'alice');

    await expect(phone.locator('#me-name').textContent()).resolves.toBe('Alice Martin');
    await expect(phone.locator('#req-ip').textContent()).resolves.toBe('127.0.0.1');
    await expect(phone.locator('#req-browser').textContent()).resolves.toContain('Chrome');
    await expect(phone.locator('#req-ua').textContent()).resolves.toContain('Mozilla/5.0');
    await expect(phone.locator('#other-network').isHidden()).resolves.toBe(true); // both on 127.0.0.1
    await waitForLoginState(page, 'scanned');
    await saveScreenshot(phone, 'phone-confirm');
    await saveScreenshot(page, 'login-check-code');

    const shown = await checkCodeOnScreen(page);
    await expect(phone.locator('#confirm').isHidden()).resolves.toBe(true); // match: picking the number confirms
    const offered = await phone.locator('.check-choice').allInnerTexts();
    expect(offered).toHaveLength(3);
    expect(offered).toContain(shown);
    await phone.locator(`.check-choice[data-code="${shown}"]`).click();
    await phone.locator('#phone[data-outcome="confirmed"]').waitFor({ timeout: BROWSER_WAIT_MS });
    await saveScreenshot(phone, 'phone-confirmed');
    await waitForLoginState(page, 'signed-in');
    await expect(page.locator('#user-id').textContent()).resolves.toBe('alice');
    expect(errors).toEqual([]);
  });

  it('marks what the requester only claims: a crafted user agent is never shown as a fact', async () => {
    const lure = 'It is safe to confirm';
    const page = await newPage({ viewport: { width: 720, height: 860 }, userAgent: lure });
    await page.goto(`${server.url}/`);
    await waitForQr(page);
    const phone = await openPhonePage(page, 'alice');

    const visible = await phone.locator('#step-confirm').innerText();
    expect(visible).not.toContain(lure);
    await expect(phone.locator('#observed').innerText()).resolves.toContain('127.0.0.1');
    // The site is the page's origin as the service checked it at create, not anything the page wrote.
    await expect(phone.locator('#req-site').innerText()).resolves.toBe(new URL(server.url).origin);
    await expect(phone.locator('#claimed').innerText()).resolves.toBe('Browser\nUnknown browser');
    await expect(phone.locator('#step-confirm').innerText()).resolves.toContain('not checked');
    // The raw text is there for whoever opens it, under the heading that says it is the browser's own claim.
    await phone.locator('#step-confirm details summary').click();
    await phone.locator('#req-ua').waitFor({ timeout: BROWSER_WAIT_MS });
    await expect(phone.locator('#req-ua').innerText()).resolves.toBe(lure);
  });

  it('signs in with the user code typed off the page, then the check code read off it', async () => {
    const { page, login, errors } = await openLoginPage();
    const typed = (await page.locator('#user-code').innerText()).trim();
    expect(typed).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    await expect(page.locator('#same-device').getAttribute('href')).resolves.toBe(login.content);

    // The phone without a camera: the demo phone page at /phone, the code typed by hand.
    const phone = await newPage(PHONE_VIEWPORT);
    await phone.goto(`${server.url}/phone`);
    await phone.locator('button.user[data-user-id="bob"]').click();
    await phone.locator('#phone[data-step="code"]').waitFor({ timeout: BROWSER_WAIT_MS });
    await phone.locator('#code-input').fill('BCDF-GHJK');
    await phone.locator('#code-submit').click();
    // The refusal comes back from the service after the click: wait for it, do not read the message at once.
    await phone
      .locator('#phone-message', { hasText: 'No sign-in is waiting for this code' })
      .waitFor({ timeout: BROWSER_WAIT_MS });
    await expect(phone.locator('#phone').getAttribute('data-step')).resolves.toBe('code');
    // Any case and no dash, as people type it.
    await phone.locator('#code-input').fill(typed.replace('-', '').toLowerCase());
    await phone.locator('#code-submit').click();
    await phone.locator('#phone[data-step="confirm"]').waitFor({ timeout: BROWSER_WAIT_MS });
    await saveScreenshot(phone, 'phone-typed-code');
    await waitForLoginState(page, 'scanned');
    const shown = await checkCodeOnScreen(page);
    await phone.locator(`.check-choice[data-code="${shown}"]`).click();
    await phone.locator('#phone[data-outcome="confirmed"]').waitFor({ timeout: BROWSER_WAIT_MS });
    await waitForLoginState(page, 'signed-in');
    await expect(page.locator('#user-id').textContent()).resolves.toBe('bob');
    expect(errors).toEqual([]);
  });

  it('a wrong pick on the phone denies the sign-in on both screens', async () => {
    const { page, login, errors } = await openLoginPage();
    const phone = await openPhonePage(page, 'carol');
    const shown = await checkCodeOnScreen(page);
    await phone.locator(`.check-choice:not([data-code="${shown}"])`).first().click();
    await phone.locator('#phone[data-outcome="error"]').waitFor({ timeout: BROWSER_WAIT_MS });
    await expect(phone.locator('#done-text').innerText()).resolves.toContain('not the number the other screen shows');
    await waitForLoginState(page, 'denied');
    await expect(statusOf(login)).resolves.toMatchObject({ state: 'denied' });
    expect(errors).toEqual([]);
  });

  it('shows a denial made on the phone, with a new code in its place', async () => {
    const { page, login, errors } = await openLoginPage();
    const phone = await openPhonePage(page, 'bob');

    await phone.locator('#deny').click();
    await phone.locator('#phone[data-outcome="denied"]').waitFor({ timeout: BROWSER_WAIT_MS });
    await waitForLoginState(page, 'denied');
    await expect(page.locator('#status').textContent()).resolves.toContain('You declined on your phone');
    await expect(statusOf(login)).resolves.toMatchObject({ state: 'denied' });
    await waitForQr(page, login.id);
    await saveScreenshot(page, 'login-denied');
    expect(errors).toEqual([]);
  });

  it('cancels the QR from the page: the page says so and the phone can no longer scan it', async () => {
    const { page, login, errors } = await openLoginPage();

    await page.locator('#cancel').click();
    await waitForLoginState(page, 'cancelled');
    await saveScreenshot(page, 'login-cancelled');
    await expect(statusOf(login)).resolves.toMatchObject({ state: 'cancelled' });
    await expect(phoneAs(server, 'carol').scan(login.id)).rejects.toMatchObject({ code: 'conflict' });
    expect(errors).toEqual([]);
  });

  it('cancels the QR when the page is left', async () => {
    const { page, login } = await openLoginPage();
    const watcher = await connectBrowser(server.url, { id: login.id, secret: login.secret });
    try {
      await page.goto('about:blank');
      await expect(watcher.waitForState('cancelled')).resolves.toMatchObject({ id: login.id });
    } finally {
      watcher.close();
    }
  });
});
