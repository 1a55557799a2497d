import type { Browser } from 'playwright-core';
import {
  BROWSER_TEST_TIMEOUT_MS,
  BROWSER_WAIT_MS,
  collectPageErrors,
  launchChromium,
  saveScreenshot,
} from '../support/chromium';
import { buildClientOnce } from '../support/client-bundle';
import { serverForSuite } from '../support/server';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

describe('/reference in Chromium', () => {
  const suite = serverForSuite();
  let browser: Browser;
  beforeAll(async () => {
    await buildClientOnce();
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('renders the HTTP API with Redoc across a 1280 px window, the Socket.IO events with it, under the policy', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
      });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`${suite.server.url}/reference`);
      // Redoc writes one section per operation once it has read /openapi.json.
      await page.waitForSelector('[data-section-id^="operation/"]', { timeout: BROWSER_WAIT_MS });
      const rendered = await page.evaluate(() => ({
        operations: document.querySelectorAll('[data-section-id^="operation/"]').length,
        apiWidth: document.getElementById('http-api')!.getBoundingClientRect().width,
        text: document.getElementById('http-api')!.innerText,
        events: document.getElementById('socket-events')!.innerText,
      }));
      await saveScreenshot(page, 'reference');
      expect(rendered.operations).toBeGreaterThan(20);
      expect(rendered.apiWidth).toBeGreaterThanOrEqual(1270);
      expect(rendered.text).toContain('/api/qr/{id}/token');
      expect(rendered.events).toMatch(/Socket\.IO \/qr/);
      expect(rendered.events).toMatch(/\bstate\b/);
      expect(errors).toEqual([]);
      expect(refused).toEqual([]);
      // Everything from the service itself: no CDN, no fonts from elsewhere.
      expect(requests.filter((url) => !url.startsWith(suite.server.url) && !url.startsWith('data:'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is served with scripts from the service only', async () => {
    const reply = await suite.api.send('GET', '/reference');
    expect(reply.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(reply.text).not.toMatch(/<script(?![^>]*\ssrc="\/assets\/reference\.js")/);
    expect(reply.text).not.toMatch(/\son\w+=/i);
  });
});
