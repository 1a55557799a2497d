import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import jsQR from 'jsqr';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { chromiumPath } from './chromium-path';

/** The system's Chromium (see chromium-path.ts), never a downloaded one. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export const ARTIFACTS_DIR = path.resolve(__dirname, '../../test-artifacts/browser');

/** Keeps a picture of the page in test-artifacts/browser/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** Waits until the login page shows a QR image that has finished loading, and returns its login id. */
export async function waitForQr(page: Page, notId?: string): Promise<string> {
  const handle = await page.waitForFunction(
    (previous) => {
      // The demo page's QR is drawn by the <qr-login id="qr"> element, inside its shadow root.
      const image = document.querySelector('#qr')?.shadowRoot?.querySelector<HTMLImageElement>('img[data-qr-id]');
      const id = image?.dataset.qrId;
      return image && id && id !== previous && image.complete && image.naturalWidth > 0 ? id : undefined;
    },
    notId,
    { timeout: BROWSER_WAIT_MS },
  );
  return (await handle.jsonValue()) as string;
}

/** Reads the QR the way a phone camera would: from the rendered pixels, not from the DOM. */
export async function readQrFromPixels(page: Page): Promise<string> {
  const png = PNG.sync.read(await page.locator('#qr img[data-qr-id]').screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!decoded) throw new Error('No QR code could be read from the page');
  return decoded.data;
}

/** Real browsers on a shared two-core machine can be slow; waits are generous and tests are given room. */
export const BROWSER_WAIT_MS = 20_000;
export const BROWSER_TEST_TIMEOUT_MS = 60_000;

/** Resolves once the login page reaches `state` (its `data-state`); on timeout, says where the page is instead. */
export async function waitForLoginState(page: Page, state: string): Promise<void> {
  try {
    await page.locator(`#login[data-state="${state}"]`).waitFor({ timeout: BROWSER_WAIT_MS });
  } catch (error) {
    const where = await page
      .evaluate(() => {
        const login = document.getElementById('login');
        const status = document.getElementById('qr')?.shadowRoot?.getElementById('status')?.textContent;
        return `state=${login?.dataset.state} transport=${login?.dataset.transport} status="${status}"`;
      })
      .catch(() => 'page unavailable');
    await saveScreenshot(page, `timeout-waiting-for-${state}`).catch(() => undefined);
    throw new Error(`login page never reached "${state}" (${where}): ${(error as Error).message}`);
  }
}

/** Uncaught errors in the page fail the test that collected them. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
