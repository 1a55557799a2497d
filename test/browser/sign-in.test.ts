import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { QrLoginMobile } from '../../client/mobile/index';
import {
  BROWSER_TEST_TIMEOUT_MS,
  BROWSER_WAIT_MS,
  collectPageErrors,
  launchChromium,
  readQrFromPixels,
  saveScreenshot,
  waitForLoginState,
  waitForQr,
} from '../support/chromium';
import { buildClientOnce } from '../support/client-bundle';
import { phoneAs } from '../support/phone-sdk';
import { startTestServer, type TestServer } from '../support/server';

const STATUS_POLL = /\/api\/qr\/[0-9a-f-]{36}$/;

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

describe('the demo login page in Chromium', () => {
  let browser: Browser;
  let server: TestServer | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    await buildClientOnce();
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  afterEach(async () => {
    await context?.close();
    await server?.close();
    context = server = undefined;
  });

  async function openLoginPage(
    env: Record<string, string> = {},
  ): Promise<{ page: Page; statusPolls: string[]; tokenExchanges: string[]; errors: string[] }> {
    server = await startTestServer(env);
    context = await browser.newContext({ viewport: { width: 720, height: 860 } });
    const page = await context.newPage();
    const statusPolls: string[] = [];
    const tokenExchanges: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && STATUS_POLL.test(request.url())) statusPolls.push(request.url());
      if (request.method() === 'POST' && request.url().endsWith('/token')) tokenExchanges.push(request.url());
    });
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/`);
    return { page, statusPolls, tokenExchanges, errors };
  }

  it('signs in by push: the phone scans the QR it reads from the screen, and confirms', async () => {
    const { page, statusPolls, tokenExchanges, errors } = await openLoginPage();
    const shownId = await waitForQr(page);
    await page.locator('#login[data-transport="socket"]').waitFor({ timeout: BROWSER_WAIT_MS });
    statusPolls.length = 0; // a slow machine may have polled while the socket was still connecting
    await saveScreenshot(page, 'login-pending');

    const phone = phoneAs(server!, 'alice');
    const content = await readQrFromPixels(page);
    expect(content).toBe(`${server!.url}/scan/${shownId}`);
    const id = phone.parseQrContent(content);

    const scan = await phone.scan(id);
    expect(scan.requester.userAgent).toContain('Chrome');
    await waitForLoginState(page, 'scanned');
    await expect(page.locator('#qr-cover').textContent()).resolves.toContain('Scanned by Alice Martin');
    await expect(page.locator('#cover-picture').getAttribute('src')).resolves.toMatch(/^data:image\/svg\+xml,/);
    await saveScreenshot(page, 'login-scanned');

    await phone.confirm(id);
    await waitForLoginState(page, 'signed-in');
    await expect(page.locator('#user-id').textContent()).resolves.toBe('alice');
    await expect(page.locator('#user-name').textContent()).resolves.toBe('Alice Martin');
    await saveScreenshot(page, 'login-signed-in');

    expect(statusPolls).toEqual([]); // once connected, every update came by push
    expect(tokenExchanges).toEqual([`${server!.url}/api/qr/${id}/token`]); // exactly once
    expect(errors).toEqual([]);
  });

  it('falls back to polling when every /socket.io/ request is blocked, and still signs in', async () => {
    server = await startTestServer({ POLL_INTERVAL_MS: '300' });
    context = await browser.newContext({ viewport: { width: 720, height: 860 } });
    const blocked: string[] = [];
    await context.route(/\/socket\.io\//, (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    await context.routeWebSocket(/\/socket\.io\//, (socket) => {
      blocked.push(socket.url());
      return socket.close();
    });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const statusPolls: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && STATUS_POLL.test(request.url())) statusPolls.push(request.url());
    });
    await page.goto(`${server.url}/`);

    const id = await waitForQr(page);
    await page.locator('#login[data-transport="polling"]').waitFor({ timeout: BROWSER_WAIT_MS });
    expect(blocked.length).toBeGreaterThan(0);
    // While nothing changes the poller sends its ETag back and is answered 304 with no body.
    await page.waitForResponse((response) => STATUS_POLL.test(response.url()) && response.status() === 304, {
      timeout: BROWSER_WAIT_MS,
    });

    const phone = phoneAs(server, 'bob');
    await phone.scan(phone.parseQrContent(await readQrFromPixels(page)));
    await waitForLoginState(page, 'scanned');
    await saveScreenshot(page, 'login-scanned-polling');
    await phone.confirm(id);
    await waitForLoginState(page, 'signed-in');
    await expect(page.locator('#user-id').textContent()).resolves.toBe('bob');

    expect(statusPolls.length).toBeGreaterThan(0);
    expect(statusPolls.every((url) => url.endsWith(id))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('relay simulation: a QR copied off the page and scanned after it rotated twice is refused; the one on screen signs in', async () => {
    const { page, errors } = await openLoginPage({ QR_ROTATE_SECONDS: '2' });
    const id = await waitForQr(page);
    const relayed = await readQrFromPixels(page); // the attacker's copy, shown on a phishing page
    let onScreen = relayed;
    for (let rotations = 0; rotations < 2; rotations++) onScreen = await waitForNewQrContent(page, onScreen);
    expect(onScreen).toMatch(new RegExp(`/scan/${id}/\\d+\\.`)); // the same login, a later mark

    const victim = phoneAs(server!, 'alice');
    await expect(victim.scanQr(relayed)).rejects.toMatchObject({ status: 410, code: 'qr_replaced' });
    await expect(page.locator('#login').getAttribute('data-state')).resolves.toBe('pending');

    // The real user scans what the screen shows right now. On a loaded machine the code may turn over between
    // reading it and the scan arriving: then, as a person would, the phone reads the screen again.
    const phone = phoneAs(server!, 'bob');
    for (let tries = 1; ; tries++) {
      try {
        await phone.scanQr(await readQrFromPixels(page));
        break;
      } catch (error) {
        if (tries >= 3 || (error as { code?: string }).code !== 'qr_replaced') throw error;
      }
    }
    await waitForLoginState(page, 'scanned');
    await phone.confirm(id);
    await waitForLoginState(page, 'signed-in');
    await expect(page.locator('#user-id').textContent()).resolves.toBe('bob');
    expect(errors).toEqual([]);
  });

  it('renews the QR by itself when it expires, and the new one signs in', async () => {
    const { page, errors } = await openLoginPage({ QR_TTL_SECONDS: '2' });
    const firstId = await waitForQr(page);
    const firstContent = await readQrFromPixels(page);

    const renewedId = await waitForQr(page, firstId);
    // Nothing about the old code stays beside the new one, not even hidden text a screen reader could find.
    await expect(page.locator('#waiting').textContent()).resolves.not.toMatch(/expired/i);
    const renewedContent = await readQrFromPixels(page);
    expect(renewedContent).not.toBe(firstContent);
    expect(renewedContent).toMatch(new RegExp(`^${server!.url}/scan/[0-9a-f-]{36}$`));
    await saveScreenshot(page, 'login-renewed');

    const phone = phoneAs(server!, 'carol');
    await expect(phone.scan(phone.parseQrContent(firstContent))).rejects.toMatchObject({ code: 'not_found' });
    await signInWithShortLivedQr(page, phone, renewedId);
    await waitForLoginState(page, 'signed-in');
    await expect(page.locator('#user-id').textContent()).resolves.toBe('carol');
    expect(errors).toEqual([]);
  });
});

/**
 * Scans and confirms a QR that lives two seconds. On a loaded machine it can run out first; the page then
 * shows the next one by itself, and that one is tried, a few times at most.
 */
async function signInWithShortLivedQr(page: Page, phone: QrLoginMobile, firstId: string): Promise<void> {
  let id = firstId;
  for (let tries = 1; ; tries++) {
    try {
      await phone.scan(id);
      await phone.confirm(id);
      return;
    } catch (error) {
      if (tries >= 4 || (error as { code?: string }).code !== 'not_found') throw error;
      id = await waitForQr(page, id);
    }
  }
}

/** Waits until the QR on the page carries other content than `previous` (it rotated), and returns it. */
async function waitForNewQrContent(page: Page, previous: string): Promise<string> {
  const deadline = Date.now() + BROWSER_WAIT_MS;
  for (;;) {
    const source = await page.locator('#qr img[data-qr-id]').getAttribute('src');
    await page.waitForFunction(
      (before) =>
        document.querySelector('#qr')?.shadowRoot?.querySelector<HTMLImageElement>('img[data-qr-id]')?.src !== before,
      source,
      {
        timeout: BROWSER_WAIT_MS,
      },
    );
    await waitForQr(page);
    const content = await readQrFromPixels(page);
    if (content !== previous) return content;
    if (Date.now() > deadline) throw new Error('the QR on the page never rotated');
  }
}
