/**
 * In production the QR's link never leads to the demo: a phone camera that opens it in the browser (the app
 * is not installed, or app links are not set up) lands on "open this in the app", with the store links.
 */
import jsQR from 'jsqr';
import { type Browser, devices } from 'playwright-core';
import { PNG } from 'pngjs';
import { BROWSER_TEST_TIMEOUT_MS, collectPageErrors, launchChromium, saveScreenshot } from '../support/chromium';
import { buildClientOnce } from '../support/client-bundle';
import { QrApi } from '../support/qr-api';
import { startTestServer, type TestServer } from '../support/server';

const PUBLIC_URL = 'https://login.example';
const APP_STORE_URL = 'https://apps.apple.com/app/acme/id123456789';
const PLAY_STORE_URL = 'https://play.google.com/store/apps/details?id=com.acme.app';

/** The QR as a phone camera reads it: decoded from the PNG the service rendered. */
function decodeQr(dataUrl: string): string {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!decoded) throw new Error('the QR image could not be read');
  return decoded.data;
}

describe('a phone camera in production', () => {
  let server: TestServer;
  let browser: Browser;
  /** The public URL is not resolvable here: the phone's request goes to the server under test instead. */
  const onServer = (link: string) => link.replace(PUBLIC_URL, server.url);

  beforeAll(async () => {
    await buildClientOnce();
    server = await startTestServer({
      NODE_ENV: 'production',
      PUBLIC_URL,
      APP_NAME: 'Acme',
      APP_STORE_URL,
      PLAY_STORE_URL,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'opens the QR link on an "open this in the Acme app" page with store links, never a demo page',
    async () => {
      const api = new QrApi(server.url);
      const login = await api.createLogin({ query: '?image=png' });
      const link = decodeQr(login.image!);
      expect(link).toBe(login.content); // the scan link with its rotation mark (the QR rotates on the defaults)
      expect(link.startsWith(`${PUBLIC_URL}/scan/${login.id}/`)).toBe(true);

      const { defaultBrowserType: _, ...iPhone } = devices['iPhone 13'];
      const context = await browser.newContext(iPhone);
      const phone = await context.newPage();
      const errors = collectPageErrors(phone);
      const check = async (name: string) => {
        const response = await phone.goto(onServer(link));
        expect(response?.status()).toBe(200);
        await expect(phone.locator('h1').textContent()).resolves.toBe('Open this code in the Acme app');
        expect(
          await phone.locator('a[href]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href)),
        ).toEqual([APP_STORE_URL, PLAY_STORE_URL]);
        expect(await phone.locator('button, input, form').count()).toBe(0);
        const text = await phone.locator('body').textContent();
        expect(text).not.toMatch(/alice|bob|carol|demo|confirm sign-in|expired|cancelled/i);
        await saveScreenshot(phone, name);
      };
      await check('production-scan-landing');
      // The same page once the code is gone: a camera does not know, and the app is still the way in.
      expect((await api.cancel(login.id, login.secret)).status).toBe(204);
      await check('production-scan-landing-after-cancel');

      await phone.goto(server.url);
      await expect(phone.locator('h1').textContent()).resolves.toBe('Sign-in service');
      expect(await phone.locator('#qr').count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it('has no demo routes: no users, no demo tokens', async () => {
    const api = new QrApi(server.url);
    expect((await api.send('GET', '/demo/users')).status).toBe(404);
    expect((await api.send('POST', '/demo/mobile-token', { json: { userId: 'alice' } })).status).toBe(404);
  });
});

describe('with DEMO_USERS=false outside production', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DEMO_USERS: 'false' });
  });
  afterAll(() => server?.close());

  it('serves the landing pages, naming "the app" when no name is configured, without store links', async () => {
    const login = await new QrApi(server.url).createLogin();
    const html = await (await fetch(`${server.url}/scan/${login.id}`)).text();
    expect(html).toContain('Open this code in the app');
    expect(html).not.toContain('<a ');
    expect(html).not.toContain('<script');
    expect(await (await fetch(`${server.url}/`)).text()).not.toContain('Sign in with your phone');
  });
});
