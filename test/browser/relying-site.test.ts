/**
 * examples/relying-site end to end in Chromium across two origins: the site's page (http://localhost:<port>)
 * embeds the service's SDK (http://127.0.0.1:<port>, in CORS_ORIGINS), the phone confirms, the site's backend
 * verifies the session token against the service's JWKS and sets its own HttpOnly SameSite cookie.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Browser, Page, Request } from 'playwright-core';
import { startRelyingSite } from '../../examples/relying-site/site';
import {
  BROWSER_TEST_TIMEOUT_MS,
  BROWSER_WAIT_MS,
  collectPageErrors,
  launchChromium,
  readQrFromPixels,
  saveScreenshot,
  waitForQr,
} from '../support/chromium';
import { buildClientOnce } from '../support/client-bundle';
import { eventually } from '../support/eventually';
import { phoneAs } from '../support/phone-sdk';
import { freePort } from '../support/redis-server';
import { startTestServer, type TestServer } from '../support/server';

const ISSUER = 'https://login.example';
const WEBHOOK_SECRET = 'relying-site-webhook-secret-of-32-chars+';
const AUDIENCE = 'relying-site';
const SESSION_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('the example relying site', () => {
  let server: TestServer;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startRelyingSite>>;
  let stranger: Awaited<ReturnType<typeof startRelyingSite>>;

  beforeAll(async () => {
    await buildClientOnce();
    const sitePort = await freePort();
    server = await startTestServer({
      CORS_ORIGINS: `http://localhost:${sitePort}/`,
      REVOCATION_WEBHOOK_URL: `http://127.0.0.1:${sitePort}/qr-login/revocations`,
      REVOCATION_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SESSION_JWT_PRIVATE_KEY: SESSION_KEY,
      SESSION_JWT_ISSUER: ISSUER,
      SESSION_JWT_AUDIENCE: AUDIENCE,
      // The phone here is Node's fetch, which keeps its connection between tests; with the 5 s default the
      // service may close it just as the next test's scan goes out on it (ECONNRESET, seen on a loaded machine).
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000',
    });
    site = await startRelyingSite({
      qrLoginUrl: server.url,
      issuer: ISSUER,
      audience: AUDIENCE,
      port: sitePort,
      revocationWebhookSecret: WEBHOOK_SECRET,
    });
    // The same site on an origin the service was not told about.
    stranger = await startRelyingSite({ qrLoginUrl: server.url, issuer: ISSUER, audience: AUDIENCE, port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stranger?.close();
    await server?.close();
  });

  it(
    'signs a user in across origins and keeps them by its own HttpOnly SameSite cookie',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const handedOver: string[] = [];
      page.on('request', (request: Request) => {
        if (request.url() === `${site.url}/session`) handedOver.push(JSON.parse(request.postData() ?? '{}').token);
      });
      await page.goto(site.url);
      const id = await waitForQr(page);

      const phone = phoneAs(server, 'alice');
      await phone.scanQr(await readQrFromPixels(page));
      await phone.confirm(id, { checkCode: await pickShown(page) });
      await page.locator('#status[data-state="signed-in"]').waitFor({ timeout: BROWSER_WAIT_MS });
      await expect(page.locator('#status').textContent()).resolves.toBe('Signed in as Alice Martin');
      await saveScreenshot(page, 'relying-site-signed-in');

      const [cookie] = (await context.cookies(site.url)).filter((c) => c.name === 'site_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', domain: 'localhost' });
      expect(await page.evaluate(() => document.cookie)).not.toContain('site_session');
      // The site maps the service's user to its own.
      const me = await page.evaluate(() => fetch('/me').then((response) => response.json()));
      expect(me).toEqual({ user: { id: 'site-user-1', name: 'Alice Martin' } });

      // A reload is signed in by the cookie alone; the token cannot be handed over a second time.
      await page.reload();
      await page.locator('#status[data-state="signed-in"]').waitFor({ timeout: BROWSER_WAIT_MS });
      expect(handedOver).toHaveLength(1);
      const replay = await page.evaluate(
        (token) =>
          fetch('/session', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ token }),
          }).then((response) => response.status),
        handedOver[0],
      );
      expect(replay).toBe(401);
      expect(errors).toEqual([]);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'signs the user out when they end the session on their phone, and believes only signed revocations',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(site.url);
      const id = await waitForQr(page);
      const phone = phoneAs(server, 'bob');
      await phone.scanQr(await readQrFromPixels(page));
      await phone.confirm(id, { checkCode: await pickShown(page) });
      await page.locator('#status[data-state="signed-in"]').waitFor({ timeout: BROWSER_WAIT_MS });

      // Someone who knows the site's webhook address but not the secret cannot sign anybody out.
      const unsigned = await fetch(`${site.url}/qr-login/revocations`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-qr-login-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
        },
        body: JSON.stringify({ type: 'sessions.ended', id: 'x', occurredAt: '', sessions: [] }),
      });
      expect(unsigned.status).toBe(401);

      const { sessions } = await phone.sessions();
      expect(sessions).toHaveLength(1);
      await phone.endSession(sessions[0]!.id);

      // The webhook is delivered in the background of the phone's call: the site's own check turns false.
      await eventually(
        async () => (await page.evaluate(() => fetch('/me').then((response) => response.status))) === 401,
        BROWSER_WAIT_MS,
      );
      await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      await page.locator('#status[data-state="signed-out"]').waitFor({ timeout: BROWSER_WAIT_MS });
      await page.reload();
      await waitForQr(page);
      expect(errors).toEqual([]);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'refuses a token that is not the service’s, or not for this site',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(site.url);
      const forged = await page.evaluate(() =>
        fetch('/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln' }),
        }).then((response) => response.status),
      );
      expect(forged).toBe(401);
      expect(await page.evaluate(() => fetch('/me').then((response) => response.status))).toBe(401);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'on an origin missing from CORS_ORIGINS, the SDK’s error says CORS and names the variable',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(stranger.url);
      await page.locator('#status[data-state="error"]').waitFor({ timeout: BROWSER_WAIT_MS });
      const message = await page.locator('#status').textContent();
      expect(message).toContain('blocked by CORS');
      expect(message).toContain(`this page's origin ${stranger.url}`);
      expect(message).toContain('CORS_ORIGINS');
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});

/** The number the site's page asks the user to pick once scanned, read off the screen as a person does. */
async function pickShown(page: Page): Promise<string> {
  await page.locator('#status[data-state="scanned"]').waitFor({ timeout: BROWSER_WAIT_MS });
  const text = await page.locator('#status').innerText();
  const shown = /Pick (\d\d) on your phone/.exec(text)?.[1];
  if (!shown) throw new Error(`the page shows no number to pick: "${text}"`);
  return shown;
}
