/**
 * examples/relying-site end to end in Chromium across two origins, on the service's defaults (number matching,
 * rotating QR): the site's page (http://localhost:<port>) embeds the service's SDK (http://127.0.0.1:<port>, in
 * CORS_ORIGINS); the phone reads the QR's pixels, claims it and picks the number the page shows; the site's
 * backend checks the session token with @qr-login/server and sets its own HttpOnly SameSite cookie. A token whose
 * session ended, one past its expiry and one of a key the service removed are each refused at sign-in.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
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
import { INTROSPECTION_CLIENT, INTROSPECTION_ENV } from '../support/introspection';
import { phoneAs } from '../support/phone-sdk';
import { freePort } from '../support/redis-server';
import { startTestServer, type TestServer } from '../support/server';

const ISSUER = 'https://login.example';
const WEBHOOK_SECRET = 'relying-site-webhook-secret-of-32-chars+';
const AUDIENCE = 'relying-site';
const newSessionKey = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

type Site = Awaited<ReturnType<typeof startRelyingSite>>;
type DemoUser = 'alice' | 'bob' | 'carol';

/** What the service needs to serve a site on `sitePort`: its origin allowed, its webhook, the session keys. */
function serviceFor(sitePort: number, sessionKey: string): Record<string, string> {
  return {
    CORS_ORIGINS: `http://localhost:${sitePort}/`,
    REVOCATION_WEBHOOK_URL: `http://127.0.0.1:${sitePort}/qr-login/revocations`,
    REVOCATION_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SESSION_JWT_PRIVATE_KEY: sessionKey,
    SESSION_JWT_ISSUER: ISSUER,
    SESSION_JWT_AUDIENCE: AUDIENCE,
    ...INTROSPECTION_ENV,
    // The phone here is Node's fetch, which keeps its connection between tests; with the 5 s default the
    // service may close it just as the next test's scan goes out on it (ECONNRESET, seen on a loaded machine).
    HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000',
  };
}

/** The phone as its user would do it: reads the QR on the page, claims it, picks the number the page shows. */
async function phoneSignsIn(server: TestServer, page: Page, user: DemoUser): Promise<void> {
  await waitForQr(page);
  const phone = phoneAs(server, user);
  const content = await readQrFromPixels(page);
  // Decoding the pixels blocks this process (where the service runs too) for a while: let the timers that came due
  // meanwhile run first, so the phone's call does not go out on a kept-alive connection the service is closing.
  await new Promise((resolve) => setImmediate(resolve));
  const request = await phone.claim(content);
  const status = page.locator('#status[data-state="scanned"]');
  await status.waitFor({ timeout: BROWSER_WAIT_MS });
  const shown = await status.getAttribute('data-check-code');
  expect(request.choices).toContain(shown);
  expect(await status.textContent()).toContain(`Pick ${shown} on your phone`);
  await phone.confirm(request.id, { checkCode: shown! });
}

/**
 * Holds the page's hand-over of its token to the site until `meanwhile` has run (the session ended, the clock
 * moved, the key removed), then lets it through; resolves with the reason the page was refused for.
 */
async function signInHeldUntil(
  server: TestServer,
  page: Page,
  user: DemoUser,
  meanwhile: (token: string) => Promise<void>,
): Promise<string | null> {
  const held = new Promise<void>((resolve, reject) => {
    void page.route('**/session', async (route: Route) => {
      try {
        await meanwhile(JSON.parse(route.request().postData() ?? '{}').token);
        await route.continue();
        resolve();
      } catch (error) {
        await route.abort();
        reject(error);
      }
    });
  });
  await phoneSignsIn(server, page, user);
  await held;
  const status = page.locator('#status[data-state="failed"]');
  await status.waitFor({ timeout: BROWSER_WAIT_MS });
  return status.getAttribute('data-reason');
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string; exp: number };

describe('the example relying site', () => {
  let server: TestServer;
  let browser: Browser;
  let site: Site;
  let stranger: Site;
  /** How far the site's clock is ahead of the real one (to see a token expire without waiting for it). */
  let siteClockAheadMs = 0;

  beforeAll(async () => {
    await buildClientOnce();
    const sitePort = await freePort();
    server = await startTestServer(serviceFor(sitePort, newSessionKey()));
    site = await startRelyingSite({
      qrLoginUrl: server.url,
      issuer: ISSUER,
      audience: AUDIENCE,
      port: sitePort,
      revocationWebhookSecret: WEBHOOK_SECRET,
      introspection: { clientId: INTROSPECTION_CLIENT.id, clientSecret: INTROSPECTION_CLIENT.secret },
      now: () => Date.now() + siteClockAheadMs,
    });
    // The same site on an origin the service was not told about.
    stranger = await startRelyingSite({ qrLoginUrl: server.url, issuer: ISSUER, audience: AUDIENCE, port: 0 });
    browser = await launchChromium();
  });
  afterEach(() => {
    siteClockAheadMs = 0;
  });

  /** A fresh browser profile (no cookies) on `url`, collecting the page's uncaught errors from the start. */
  async function visit(url: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(url);
    return { context, page, errors };
  }
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stranger?.close();
    await server?.close();
  });

  it(
    'signs a user in across origins and keeps them by its own HttpOnly SameSite cookie, until the token expires',
    async () => {
      const { context, page, errors } = await visit(site.url);
      const handedOver: string[] = [];
      page.on('request', (request) => {
        if (request.url() === `${site.url}/session`) handedOver.push(JSON.parse(request.postData() ?? '{}').token);
      });
      await phoneSignsIn(server, page, 'alice');
      await page.locator('#status[data-state="signed-in"]').waitFor({ timeout: BROWSER_WAIT_MS });
      await expect(page.locator('#status').textContent()).resolves.toBe('Signed in as Alice Martin');
      await saveScreenshot(page, 'relying-site-signed-in');

      const [cookie] = (await context.cookies(site.url)).filter((c) => c.name === 'site_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', domain: 'localhost' });
      // The cookie ends with the token, not hours later.
      expect(Math.abs(cookie!.expires - claimsOf(handedOver[0]!).exp)).toBeLessThanOrEqual(2);
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
          }).then(async (response) => ({ status: response.status, body: await response.json() })),
        handedOver[0],
      );
      expect(replay).toMatchObject({ status: 401, body: { error: { code: 'already_used' } } });

      // Past the token's expiry (by the site's clock) the site's own session is over too.
      siteClockAheadMs = claimsOf(handedOver[0]!).exp * 1000 - Date.now() + 1000;
      expect(await page.evaluate(() => fetch('/me').then((response) => response.status))).toBe(401);
      expect(errors).toEqual([]);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'signs the user out when they end the session on their phone, and believes only signed revocations',
    async () => {
      const { context, page, errors } = await visit(site.url);
      await phoneSignsIn(server, page, 'bob');
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

      const phone = phoneAs(server, 'bob');
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

  it.each([
    [
      'whose session the phone ended before it reached the site',
      'revoked',
      (token: string) => phoneAs(server, 'carol').endSession(claimsOf(token).jti),
    ],
    [
      'that has expired by the time it reaches the site',
      'expired',
      async (token: string) => {
        siteClockAheadMs = claimsOf(token).exp * 1000 - Date.now() + 1000;
      },
    ],
  ])(
    'refuses at sign-in a token %s',
    async (_name, expectedReason, meanwhile) => {
      const { context, page } = await visit(site.url);
      const reason = await signInHeldUntil(server, page, 'carol', meanwhile);
      expect(reason).toBe(expectedReason);
      expect(await page.evaluate(() => fetch('/me').then((response) => response.status))).toBe(401);
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'refuses a token that is not the service’s, or not for this site',
    async () => {
      const { context, page } = await visit(site.url);

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
      const { context, page } = await visit(stranger.url);

      await page.locator('#status[data-state="error"]').waitFor({ timeout: BROWSER_WAIT_MS });
      const message = await page.locator('#status').textContent();
      expect(message).toContain('blocked by CORS');
      expect(message).toContain(`this page's origin ${stranger.url}`);
      expect(message).toContain('CORS_ORIGINS');
      await context.close();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'refuses a token of a key the service removed, once the site’s key cache age has passed',
    async () => {
      // A service of its own on a fixed port, restarted with a new key ring as an operator would rotate keys.
      const [servicePort, sitePort] = [await freePort(), await freePort()];
      const keyCacheMaxAgeMs = 1_000;
      const settings = { ...serviceFor(sitePort, newSessionKey()), PORT: String(servicePort) };
      let service = await startTestServer(settings);
      const rotatingSite = await startRelyingSite({
        qrLoginUrl: service.url,
        issuer: ISSUER,
        audience: AUDIENCE,
        port: sitePort,
        revocationWebhookSecret: WEBHOOK_SECRET,
        keyCacheMaxAgeMs,
      });
      const context = await browser.newContext();
      try {
        // A first sign-in: the site now holds the service's key set, with the key about to be removed.
        const first = await context.newPage();
        await first.goto(rotatingSite.url);
        await phoneSignsIn(service, first, 'alice');
        await first.locator('#status[data-state="signed-in"]').waitFor({ timeout: BROWSER_WAIT_MS });
        await context.clearCookies();

        const page = await context.newPage();
        await page.goto(rotatingSite.url);
        const reason = await signInHeldUntil(service, page, 'bob', async () => {
          await service.close();
          const removedAt = Date.now();
          service = await startTestServer({
            ...settings,
            REDIS_KEY_PREFIX: service.env.REDIS_KEY_PREFIX!,
            SESSION_JWT_PRIVATE_KEY: newSessionKey(),
          });
          // The window the site states for a removed key: its key cache age.
          await eventually(async () => Date.now() - removedAt > keyCacheMaxAgeMs, BROWSER_WAIT_MS);
        });
        expect(reason).toBe('bad_signature');
      } finally {
        await context.close();
        await rotatingSite.close();
        await service.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
