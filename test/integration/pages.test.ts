import { readFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { buildClientOnce } from '../support/client-bundle';
import { phoneAs } from '../support/phone-sdk';
import { QrApi } from '../support/qr-api';
import { startTestServer, type TestServer } from '../support/server';

const ID = '3b241101-e2bb-4255-8caf-4136c566a962';

describe('the pages, the served SDK and the demo routes over HTTP', () => {
  let server: TestServer;
  let api: QrApi;
  beforeAll(async () => {
    await buildClientOnce();
    server = await startTestServer();
    api = new QrApi(server.url);
  });
  afterAll(() => server?.close());

  const get = (pathname: string, headers: Record<string, string> = {}) => api.send('GET', pathname, { headers });

  describe('pages', () => {
    it.each([
      ['/', 'Sign in with your phone'],
      [`/scan/${ID}`, 'Confirm sign-in'],
    ])('%s is an HTML page allowed to run only its own scripts', async (pathname, title) => {
      const response = await get(pathname);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      const html = response.text;
      expect(html).toContain(title);
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline script
      expect(html).not.toMatch(/https?:\/\//); // no external host
    });

    it('answers a scan URL whose id is not a UUID v4 with not_found', async () => {
      const response = await get('/scan/not-a-login');
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ error: { code: 'not_found' } });
    });
  });

  describe('the SDK at its stable paths', () => {
    it('serves the script that defines the global QrLogin, with socket.io-client inside', async () => {
      const response = await get('/sdk/qr-login.js');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(response.headers['cache-control']).toContain('max-age=');
      const code = response.text;
      expect(code).not.toContain('/socket.io/socket.io.js');
      const sandbox = vm.createContext({});
      vm.runInContext(code, sandbox);
      expect(typeof sandbox.QrLogin.createQrLogin).toBe('function');
      expect(typeof sandbox.QrLogin.QrLogin).toBe('function');
    });

    it('serves the ES module that pages on other origins may import', async () => {
      const response = await get('/sdk/qr-login.mjs');
      expect(response.status).toBe(200);
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.text).toMatch(/export\s*\{[^}]*createQrLogin/);
    });

    it('serves the ES module that defines <qr-login>, for pages on other origins', async () => {
      const response = await get('/sdk/qr-login-element.js');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.text).toContain('customElements.define');
      expect(response.text).toMatch(/export\s*\{[^}]*QrLoginElement/);
    });

    it('answers a repeat request with 304 when the file has not changed', async () => {
      const first = await get('/sdk/qr-login.mjs');
      const etag = first.headers.etag;
      expect(etag).toBeTruthy();
      expect((await get('/sdk/qr-login.mjs', { 'if-none-match': etag! })).status).toBe(304);
    });

    it('is the bundle that was built', async () => {
      const built = await readFile(path.resolve(__dirname, '../../client/dist/qr-login.js'), 'utf8');
      expect((await get('/sdk/qr-login.js')).text).toBe(built);
    });
  });

  describe('demo assets', () => {
    it.each(['login-page.js', 'phone-page.js', 'styles.css'])('serves %s', async (name) => {
      const response = await get(`/demo/assets/${name}`);
      expect(response.status).toBe(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
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
      const body = (await get('/demo/users')).body as { users: { id: string; picture: string }[] };
      expect(body.users.map((user) => user.id)).toEqual(['alice', 'bob', 'carol']);
      for (const user of body.users) expect(user.picture).toMatch(/^data:image\/svg\+xml,/);
    });

    it('gives a mobile token that the service accepts for a scan', async () => {
      const created = await api.createLogin();
      const response = await api.send('POST', '/demo/mobile-token', { json: { userId: 'bob' } });
      expect(response.status).toBe(200);
      const { token } = response.body as { token: string };
      expect((await api.scan(created.id, token)).status).toBe(200);
      expect((await api.status(created.id, created.secret)).body).toMatchObject({
        state: 'scanned',
        user: { name: 'Bob Okafor' },
      });
    });

    it.each([
      ['an unknown user', JSON.stringify({ userId: 'mallory' })],
      ['a missing userId', JSON.stringify({})],
      ['malformed JSON', '{"userId":'],
    ])('refuses %s with bad_request', async (_name, body) => {
      const response = await api.send('POST', '/demo/mobile-token', {
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
    });
  });

  it('mounts no demo routes when DEMO_USERS is off', async () => {
    const plain = await startTestServer({ DEMO_USERS: 'false' });
    try {
      const plainApi = new QrApi(plain.url);
      expect((await plainApi.send('GET', '/demo/users')).status).toBe(404);
      expect((await plainApi.send('POST', '/demo/mobile-token', { json: { userId: 'alice' } })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('the test phone uses the same demo profile as the phone page', async () => {
    expect(phoneAs(server, 'alice').parseQrContent(`${server.url}/scan/${ID}`)).toBe(ID);
  });
});
