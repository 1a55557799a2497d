/**
 * @qr-login/react in Chromium with real react and react-dom: a site's page (its own origin, in CORS_ORIGINS) runs
 * the test app of react-app/, against a service on its defaults (number matching, rotating QR); the phone is the
 * mobile SDK, reading the QR from the page's pixels and picking the number the page shows.
 */
import type { Browser, BrowserContext, Page, WebSocket } from 'playwright-core';
import type { QrLoginMobile } from '../../client/mobile/index';
import type { CreatedLogin } from '../../client/shared/wire-types';
import {
  BROWSER_TEST_TIMEOUT_MS,
  BROWSER_WAIT_MS,
  collectPageErrors,
  launchChromium,
  readQrFromPixels,
  waitForLoginState,
} from '../support/chromium';
import { eventually } from '../support/eventually';
import { phoneAs } from '../support/phone-sdk';
import { QrApi } from '../support/qr-api';
import { type ReactTestSite, startReactTestSite } from '../support/react-app';
import { startTestServer, type TestServer } from '../support/server';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

/** Where the test app's custom UI draws the QR, and where the element does (in its shadow root). */
const CUSTOM_QR = '#qr img';
const ELEMENT_QR = 'qr-login #qr-image';

let browser: Browser;
let site: ReactTestSite;
let server: TestServer;
let api: QrApi;
let context: BrowserContext | undefined;

beforeAll(async () => {
  site = await startReactTestSite();
  server = await startTestServer({ CORS_ORIGINS: site.url });
  api = new QrApi(server.url);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
});

interface OpenedPage {
  page: Page;
  errors: string[];
  /** Every login the page created, as the service answered. */
  created: CreatedLogin[];
  /** Every WebSocket the page opened. */
  sockets: WebSocket[];
}

async function openTestApp(ui: 'hook' | 'component', options: { strict?: boolean } = {}): Promise<OpenedPage> {
  context = await browser.newContext({ viewport: { width: 720, height: 860 } });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const created: CreatedLogin[] = [];
  const sockets: WebSocket[] = [];
  page.on('response', async (response) => {
    const request = response.request();
    if (request.method() === 'POST' && new URL(response.url()).pathname === '/api/qr' && response.status() === 201) {
      created.push((await response.json()) as CreatedLogin);
    }
  });
  page.on('websocket', (socket) => sockets.push(socket));
  const query = new URLSearchParams({ ui, base: server.url, strict: options.strict ? '1' : '0' });
  await page.goto(`${site.url}/?${query}`);
  return { page, errors, created, sockets };
}

/**
 * Scans what the page shows, as a phone camera would. With the rotating QR the code can turn over between reading
 * it and the scan arriving: then, as a person would, the phone reads the screen again.
 */
async function scanTheScreen(page: Page, phone: QrLoginMobile, image: string) {
  for (let tries = 1; ; tries++) {
    try {
      return await phone.scanQr(await readQrFromPixels(page, image));
    } catch (error) {
      if (tries >= 3 || (error as { code?: string }).code !== 'qr_replaced') throw error;
    }
  }
}

/** Waits until `image` shows a loaded QR of a login other than `notId`, and returns that login's id. */
async function waitForShownQr(page: Page, image: string, notId?: string): Promise<string> {
  const shown = page.locator(`${image}[data-qr-id]${notId ? `:not([data-qr-id="${notId}"])` : ''}`);
  await shown.waitFor({ timeout: BROWSER_WAIT_MS });
  await eventually(
    () => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    BROWSER_WAIT_MS,
  );
  return (await shown.getAttribute('data-qr-id'))!;
}

/** The number the page asks the person to pick ("Pick 52 on your phone"), as a person reads it. */
async function shownCheckCode(page: Page, line = '#check-code'): Promise<string> {
  const text = await page.locator(line).textContent({ timeout: BROWSER_WAIT_MS });
  const code = /Pick (\d{2}) on your phone/.exec(text ?? '')?.[1];
  if (!code) throw new Error(`the page shows no check code: "${text}"`);
  return code;
}

describe('useQrLogin drives a custom UI', () => {
  it('signs a user in: the phone scans the QR on screen and picks the number the page shows', async () => {
    const { page, errors } = await openTestApp('hook');
    const id = await waitForShownQr(page, CUSTOM_QR);
    await expect(page.locator('#user-code').textContent()).resolves.toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const phone = phoneAs(server, 'alice');
    const scan = await scanTheScreen(page, phone, CUSTOM_QR);
    await waitForLoginState(page, 'scanned');
    await expect(page.locator('#scanned-by').textContent()).resolves.toBe('Scanned by Alice Martin');
    const shown = await shownCheckCode(page);
    expect(scan.checkCode).toMatchObject({ mode: 'match' });
    expect(scan.checkCode?.mode === 'match' && scan.checkCode.choices).toContain(shown);

    await phone.confirm(id, { checkCode: shown });
    await waitForLoginState(page, 'signed-in');
    await expect(page.locator('#signed-in-user').textContent()).resolves.toBe('alice');
    expect(errors).toEqual([]);
  });

  it('a wrong pick denies the login, and renew() shows a fresh QR that signs in', async () => {
    const { page, errors } = await openTestApp('hook');
    const firstId = await waitForShownQr(page, CUSTOM_QR);
    const phone = phoneAs(server, 'bob');
    const scan = await scanTheScreen(page, phone, CUSTOM_QR);
    const shown = await shownCheckCode(page);
    const wrong = scan.checkCode?.mode === 'match' ? scan.checkCode.choices.find((choice) => choice !== shown) : '';
    await expect(phone.confirm(firstId, { checkCode: wrong })).rejects.toMatchObject({ code: 'check_code_mismatch' });
    await waitForLoginState(page, 'denied');
    await expect(page.locator('#check-code').count()).resolves.toBe(0);

    await page.click('#renew');
    const id = await waitForShownQr(page, CUSTOM_QR, firstId);
    await waitForLoginState(page, 'pending');
    await scanTheScreen(page, phone, CUSTOM_QR);
    await waitForLoginState(page, 'scanned');
    await phone.confirm(id, { checkCode: await shownCheckCode(page) });
    await waitForLoginState(page, 'signed-in');
    await expect(page.locator('#signed-in-user').textContent()).resolves.toBe('bob');
    expect(errors).toEqual([]);
  });

  it('unmounting closes the socket and cancels the QR on the service', async () => {
    const { page, errors, created, sockets } = await openTestApp('hook');
    const id = await waitForShownQr(page, CUSTOM_QR);
    await page.locator('#login[data-transport="socket"]').waitFor({ timeout: BROWSER_WAIT_MS });
    const login = created.find((each) => each.id === id)!;
    expect(sockets.filter((socket) => !socket.isClosed())).toHaveLength(1);

    await page.click('#toggle');
    await expect(page.locator('#login').count()).resolves.toBe(0);
    await eventually(async () => sockets.every((socket) => socket.isClosed()), BROWSER_WAIT_MS);
    await eventually(async () => (await api.status(id, login.secret)).body.state === 'cancelled', BROWSER_WAIT_MS);
    await expect(phoneAs(server, 'carol').scan(id)).rejects.toMatchObject({ status: 409 });
    expect(errors).toEqual([]);
  });

  it('under StrictMode (mount, unmount, mount) one login stays open, and it signs in by its user code', async () => {
    const { page, errors, created, sockets } = await openTestApp('hook', { strict: true });
    const id = await waitForShownQr(page, CUSTOM_QR);
    await page.locator('#login[data-transport="socket"]').waitFor({ timeout: BROWSER_WAIT_MS });
    // The first mount's login was being made when its effect was cleaned up: it is cancelled once it arrives.
    await eventually(async () => created.length === 2, BROWSER_WAIT_MS);
    // The two creates run side by side: their answers may come back in either order.
    const kept = created.find((each) => each.id === id);
    const discarded = created.find((each) => each.id !== id);
    expect(kept).toBeDefined();
    await eventually(
      async () => (await api.status(discarded!.id, discarded!.secret)).body.state === 'cancelled',
      BROWSER_WAIT_MS,
    );
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.isClosed()).toBe(false);

    const phone = phoneAs(server, 'alice');
    const userCode = await page.locator('#user-code').textContent();
    const scan = await phone.scanByCode(userCode!);
    expect(scan.id).toBe(id);
    await waitForLoginState(page, 'scanned');
    await phone.confirm(id, { checkCode: await shownCheckCode(page) });
    await waitForLoginState(page, 'signed-in');
    expect(created).toHaveLength(2);
    expect(errors).toEqual([]);
  });
});

describe('<QrLogin> renders the <qr-login> element', () => {
  it('signs a user in: the phone scans the QR the element shows and picks its number; onSignedIn gets the token', async () => {
    const { page, errors } = await openTestApp('component');
    const id = await waitForShownQr(page, ELEMENT_QR);
    const phone = phoneAs(server, 'carol');
    await scanTheScreen(page, phone, ELEMENT_QR);
    await waitForLoginState(page, 'scanned');
    await phone.confirm(id, { checkCode: await shownCheckCode(page, 'qr-login #check-code-line') });
    await waitForLoginState(page, 'signed-in');
    const signedIn = page.locator('#signed-in-user');
    await expect(signedIn.textContent()).resolves.toBe('carol');
    await expect(signedIn.getAttribute('data-token')).resolves.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(errors).toEqual([]);
  });

  it('unmounting removes the element: its socket closes and its QR is cancelled', async () => {
    const { page, errors, created, sockets } = await openTestApp('component');
    const id = await waitForShownQr(page, ELEMENT_QR);
    await eventually(async () => sockets.some((socket) => !socket.isClosed()), BROWSER_WAIT_MS);
    const login = created.find((each) => each.id === id)!;
    await page.click('#toggle');
    await expect(page.locator('qr-login').count()).resolves.toBe(0);
    await eventually(async () => sockets.every((socket) => socket.isClosed()), BROWSER_WAIT_MS);
    await eventually(async () => (await api.status(id, login.secret)).body.state === 'cancelled', BROWSER_WAIT_MS);
    expect(errors).toEqual([]);
  });
});
