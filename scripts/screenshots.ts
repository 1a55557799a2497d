/**
 * Regenerates docs/screenshots/ from the real pages: starts the service on its defaults (number matching and the
 * rotating QR on, the embedded store, the demo), opens the demo login page in headless Chromium, and plays the
 * phone with the real demo phone page on a phone-sized screen, reading the QR off the login page's pixels.
 *
 *   npm run screenshots          (Chromium from CHROMIUM_PATH, else /usr/bin/chromium)
 */
import path from 'node:path';
import jsQR from 'jsqr';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { startServer } from '../server/compose';
import { buildClient } from './build-client';

const OUT_DIR = path.resolve(__dirname, '..', 'docs', 'screenshots');
const WAIT_MS = 20_000;
const DESKTOP = { viewport: { width: 720, height: 860 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function shoot(page: Page, name: string): Promise<void> {
  const file = path.join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(path.relative(process.cwd(), file));
}

/** What a phone camera reads off the login page: the QR's pixels, decoded. */
async function readQr(page: Page): Promise<string> {
  const png = PNG.sync.read(await page.locator('#qr img[data-qr-id]').screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!decoded) throw new Error('no QR code could be read from the login page');
  return decoded.data;
}

const loginState = (page: Page, state: string) =>
  page.locator(`#login[data-state="${state}"]`).waitFor({ timeout: WAIT_MS });

/** Opens the QR's link on the phone page as `userId` and waits for the confirm screen. */
async function openOnPhone(browser: Browser, loginPage: Page, userId: string, shots: boolean): Promise<Page> {
  const phone = await (await browser.newContext(PHONE)).newPage();
  await phone.goto(await readQr(loginPage));
  await phone.locator('#phone[data-step="choose"]').waitFor({ timeout: WAIT_MS });
  if (shots) await shoot(phone, 'phone-choose-user');
  await phone.locator(`button.user[data-user-id="${userId}"]`).click();
  await phone.locator('#phone[data-step="confirm"]').waitFor({ timeout: WAIT_MS });
  await loginState(loginPage, 'scanned');
  if (shots) await shoot(phone, 'phone-confirm');
  return phone;
}

async function main(): Promise<void> {
  await buildClient();
  // The service's defaults: only where it listens and how much it logs are set.
  const service = await startServer({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const login = await (await browser.newContext(DESKTOP)).newPage();
    await login.goto(`${service.url}/`);
    await loginState(login, 'pending');
    await login.locator('#qr img[data-qr-id]').waitFor({ timeout: WAIT_MS });
    await shoot(login, 'login-pending');

    const phone = await openOnPhone(browser, login, 'alice', true);
    await shoot(login, 'login-scanned');
    const shown = ((await login.locator('#qr #check-code').textContent()) ?? '').trim();
    await phone.locator(`.check-choice[data-code="${shown}"]`).click();
    await loginState(login, 'signed-in');
    await shoot(login, 'login-signed-in');

    // Signed out, a second attempt is declined on the phone: the page says so beside a fresh code.
    await login.locator('#sign-out').click();
    await loginState(login, 'pending');
    const denying = await openOnPhone(browser, login, 'bob', false);
    await denying.locator('#deny').click();
    await loginState(login, 'denied');
    await login.locator('#qr:not([state="loading"]) img[data-qr-id]').waitFor({ timeout: WAIT_MS });
    await shoot(login, 'login-denied');
  } finally {
    await browser.close();
    await service.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
