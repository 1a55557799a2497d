import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import type { QrLoginMobile } from '../../client/mobile/index';
import type { ScanResult } from '../../client/shared/wire-types';
import { BROWSER_WAIT_MS, launchChromium } from './chromium';
import { buildClientOnce } from './client-bundle';
import { startTestServer, type TestServer } from './server';

/**
 * A site on its own origin whose page holds only `<qr-login base-url=…>` and the module script, as a site
 * following the docs would write it. `?width=` puts the element in a container that narrow (px); `?lang=` gives
 * it that `lang` attribute.
 */
export interface ElementSite {
  /** `http://127.0.0.1:<port>`; the same server answers as `http://localhost:<port>`, another origin. */
  origin: string;
  port: number;
  /** Where the page loads the element from and signs in against; set it before opening the page. */
  serviceUrl: string;
  close(): Promise<void>;
}

export async function startElementSite(): Promise<ElementSite> {
  const site = { serviceUrl: '' } as ElementSite;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://site.invalid');
    if (url.pathname !== '/') {
      response.writeHead(404).end();
      return;
    }
    const width = Number(url.searchParams.get('width'));
    const headless = url.searchParams.has('headless');
    const lang = url.searchParams.get('lang')?.replace(/[^\w-]/g, '');
    const langAttribute = lang ? ` lang="${lang}"` : '';
    const element = headless
      ? '<div id="qr"></div>'
      : `<qr-login base-url="${site.serviceUrl}"${langAttribute}></qr-login>`;
    const body = width > 0 ? `<div id="box" style="width:${width}px">${element}</div>` : element;
    const script = headless
      ? headlessScript(site.serviceUrl)
      : `<script type="module" src="${site.serviceUrl}/sdk/qr-login-element.js"></script>`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>${script}</head>
<body>${body}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.port = (server.address() as AddressInfo).port;
  site.origin = `http://127.0.0.1:${site.port}`;
  site.close = () => new Promise((resolve) => server.close(() => resolve()));
  return site;
}

/** What the element's tests run against: the site, the service on its defaults letting the site in, a browser. */
export interface ElementTestbed {
  site: ElementSite;
  server: TestServer;
  browser: Browser;
  close(): Promise<void>;
}

/** `env` changes the service's settings beyond letting the site in (a test says why). */
export async function startElementTestbed(env: Record<string, string> = {}): Promise<ElementTestbed> {
  await buildClientOnce();
  const site = await startElementSite();
  const server = await startTestServer({ CORS_ORIGINS: site.origin, ...env });
  site.serviceUrl = server.url;
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await server.close();
    await site.close();
  };
  return { site, server, browser, close };
}

/**
 * `?headless`: the custom-UI path instead, `createQrLogin` drawing into `#qr`; what it reports is kept in
 * `window.headless` (the latest state, user code and check code).
 */
function headlessScript(serviceUrl: string): string {
  return `<script type="module">
  import { createQrLogin } from '${serviceUrl}/sdk/qr-login.mjs';
  const seen = (window.headless = {});
  const login = createQrLogin({
    baseUrl: '${serviceUrl}',
    container: document.getElementById('qr'),
    onQr: (qr) => Object.assign(seen, { qrUserCode: qr.userCode }),
    onState: (status) => Object.assign(seen, {
      state: status.state, checkCode: status.checkCode, userCode: login.userCode, checkCodeNow: login.checkCode,
    }),
  });
</script>`;
}

/** What the element dispatched, kept by the page from its first moment (events bubble to the document). */
export async function recordElementEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: { type: string; detail: unknown }[] = [];
    (window as unknown as { qrLoginEvents: typeof seen }).qrLoginEvents = seen;
    for (const type of ['signed-in', 'state', 'error', 'qr']) {
      document.addEventListener(type, (event) => {
        const { detail } = event as CustomEvent<unknown>;
        seen.push({
          type,
          detail: detail instanceof Object && 'error' in detail ? { ...detail, error: String(detail.error) } : detail,
        });
      });
    }
  });
}

/** Waits for the element's `index`-th event of `type` (the first by default), and returns its detail. */
export async function waitForElementEvent<T>(page: Page, type: string, index = 0): Promise<T> {
  const handle = await page.waitForFunction(
    ([wanted, at]) =>
      (window as unknown as { qrLoginEvents: { type: string; detail: unknown }[] }).qrLoginEvents.filter(
        (event) => event.type === wanted,
      )[at]?.detail,
    [type, index] as const,
    { timeout: BROWSER_WAIT_MS },
  );
  return (await handle.jsonValue()) as T;
}

/** Waits until the element shows a loaded QR (other than `notId`) and returns its login id. */
export async function waitForElementQr(page: Page, notId?: string): Promise<string> {
  const handle = await page.waitForFunction(
    (previous) => {
      const image = document.querySelector('qr-login')?.shadowRoot?.querySelector<HTMLImageElement>('#qr-image');
      const id = image?.dataset.qrId;
      const covered = !image?.parentElement?.querySelector<HTMLElement>('#qr-cover')?.hidden;
      return image && id && id !== previous && !covered && image.complete && image.naturalWidth > 0 ? id : undefined;
    },
    notId,
    { timeout: BROWSER_WAIT_MS },
  );
  return (await handle.jsonValue()) as string;
}

/** Waits until the element's `state` attribute is `state`. */
export async function waitForElementState(page: Page, state: string): Promise<void> {
  await page.locator(`qr-login[state="${state}"]`).waitFor({ timeout: BROWSER_WAIT_MS });
}

/** Reads the element's QR the way a phone camera would: from the pixels on screen. */
export async function readElementQr(page: Page): Promise<string> {
  const png = PNG.sync.read(await page.locator('qr-login #qr-image').screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!decoded) throw new Error('No QR code could be read from the element');
  return decoded.data;
}

/**
 * Scans what the screen shows, rotation mark and all. On a loaded machine the code may turn over between the
 * reading and the scan arriving: then, as a person would, the phone reads the screen again.
 */
export async function scanShownQr(page: Page, phone: QrLoginMobile): Promise<ScanResult> {
  for (let tries = 1; ; tries++) {
    try {
      return await phone.scanQr(await readElementQr(page));
    } catch (error) {
      if (tries >= 3 || (error as { code?: string }).code !== 'qr_replaced') throw error;
    }
  }
}

/** The number the element asks the user to pick, as a person reads it off the screen. */
export async function checkCodeShown(page: Page): Promise<string> {
  const code = page.locator('qr-login #check-code');
  await code.waitFor({ timeout: BROWSER_WAIT_MS });
  return ((await code.textContent()) ?? '').trim();
}
