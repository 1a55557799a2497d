import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import vm from 'node:vm';
import { startTestServer, type TestServer } from '../support/server';
import { buildClientOnce } from './support/chromium';
import { phoneAs } from './support/phone';

const ID = '3b241101-e2bb-4255-8caf-4136c566a962';

describe('the pages, the served SDK and the demo routes over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    await buildClientOnce();
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  const get = (pathname: string, headers: Record<string, string> = {}) => fetch(server.url + pathname, { headers });

  describe('pages', () => {
    it.each([
      ['/', 'Sign in with your phone'],
      [`/scan/${ID}`, 'Confirm sign-in'],
    ])('%s is an HTML page allowed to run only its own scripts', async (pathname, title) => {
      const response = await get(pathname);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const html = await response.text();
      expect(html).toContain(title);
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline script
      expect(html).not.toMatch(/https?:\/\//); // no external host
    });

    it('answers a scan URL whose id is not a UUID v4 with not_found', async () => {
      const response = await get('/scan/not-a-login');
      expect(response.status).toBe(404);
      await expect(response.json()).resolves.toMatchObject({ error: { code: 'not_found' } });
    });
  });

  describe('the SDK at its stable paths', () => {
    it('serves the script that defines the global QrLogin, with socket.io-client inside', async () => {
      const response = await get('/sdk/qr-login.js');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(response.headers.get('cache-control')).toContain('max-age=');
      const code = await response.text();
      expect(code).not.toContain('/socket.io/socket.io.js');
      const sandbox = vm.createContext({});
      vm.runInContext(code, sandbox);
      expect(typeof sandbox.QrLogin.createQrLogin).toBe('function');
      expect(typeof sandbox.QrLogin.QrLogin).toBe('function');
    });

    it('serves the ES module that pages on other origins may import', async () => {
      const response = await get('/sdk/qr-login.mjs');
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.text()).toMatch(/export\s*\{[^}]*createQrLogin/);
    });

    it('answers a repeat request with 304 when the file has not changed', async () => {
      const first = await get('/sdk/qr-login.mjs');
      const etag = first.headers.get('etag');
      expect(etag).toBeTruthy();
      // node:http, not fetch: fetch adds `Cache-Control: no-cache` to conditional requests, as the Fetch spec says.
      await expect(statusOfConditionalGet(`${server.url}/sdk/qr-login.mjs`, etag!)).resolves.toBe(304);
    });

    it('is the bundle that was built', async () => {
      const built = await readFile(path.resolve(__dirname, '../../client/dist/qr-login.js'), 'utf8');
      await expect((await get('/sdk/qr-login.js')).text()).resolves.toBe(built);
    });
  });

  describe('demo assets', () => {
    it.each(['login-page.js', 'phone-page.js', 'styles.css'])('serves %s', async (name) => {
      const response = await get(`/demo/assets/${name}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it.each(['..%2F..%2F..%2Fpackage.json', '..%2Fdemo%2Findex.html', 'index.html', 'constructor', '__proto__'])(
      'serves nothing else: %s',
      async (name) => {
        expect((await get(`/demo/assets/${name}`)).status).toBe(404);
      },
    );
  });

  describe('demo users (DEMO_USERS on)', () => {
    it('lists the demo users with inline avatars', async () => {
      const body = (await (await get('/demo/users')).json()) as { users: { id: string; picture: string }[] };
      expect(body.users.map((user) => user.id)).toEqual(['alice', 'bob', 'carol']);
      for (const user of body.users) expect(user.picture).toMatch(/^data:image\/svg\+xml,/);
    });

    it('gives a mobile token that the service accepts for a scan', async () => {
      const created = (await (await fetch(`${server.url}/api/qr`, { method: 'POST' })).json()) as { id: string };
      const response = await fetch(`${server.url}/demo/mobile-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'bob' }),
      });
      expect(response.status).toBe(200);
      const { token } = (await response.json()) as { token: string };
      const scan = await fetch(`${server.url}/api/qr/${created.id}/scan`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(scan.status).toBe(200);
      const status = await fetch(`${server.url}/api/qr/${created.id}`, {
        headers: { 'x-qr-secret': (created as { secret?: string }).secret ?? '' },
      });
      await expect(status.json()).resolves.toMatchObject({ state: 'scanned', user: { name: 'Bob Okafor' } });
    });

    it.each([
      ['an unknown user', JSON.stringify({ userId: 'mallory' })],
      ['a missing userId', JSON.stringify({})],
      ['malformed JSON', '{"userId":'],
    ])('refuses %s with bad_request', async (_name, body) => {
      const response = await fetch(`${server.url}/demo/mobile-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(400);
      await expect(response.json()).resolves.toMatchObject({ error: { code: 'bad_request' } });
    });
  });

  it('mounts no demo routes when DEMO_USERS is off', async () => {
    const plain = await startTestServer({ DEMO_USERS: 'false' });
    try {
      expect((await fetch(`${plain.url}/demo/users`)).status).toBe(404);
      const token = await fetch(`${plain.url}/demo/mobile-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'alice' }),
      });
      expect(token.status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('the test phone uses the same demo profile as the phone page', async () => {
    expect(phoneAs(server, 'alice').parseQrContent(`${server.url}/scan/${ID}`)).toBe(ID);
  });
});

function statusOfConditionalGet(url: string, etag: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'if-none-match': etag } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
      .on('error', reject);
  });
}
