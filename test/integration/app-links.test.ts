/** A phone's camera opens the QR in the app: the QR content is configurable, the association files are served. */
import { loadConfig } from '../../server/config';
import { QrApi } from '../support/qr-api';
import { serverForSuite } from '../support/server';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join(':');

describe('with the apps configured', () => {
  const suite = serverForSuite({
    QR_CONTENT_TEMPLATE: 'acme://qr-login/{id}',
    APPLE_APP_IDS: 'ABCDE12345.com.acme.app, ABCDE12345.com.acme.app.beta',
    ANDROID_PACKAGE_NAME: 'com.acme.app',
    ANDROID_CERT_FINGERPRINTS: FINGERPRINT,
  });

  it('puts the template in every QR, with the login id', async () => {
    // Not createLogin: its contract check expects the default `/scan/<id>` form.
    const { body: login } = await new QrApi(suite.server.url).create();
    // Then the rotation mark, as the QR rotates on the defaults (docs/api.md).
    expect(login.content).toMatch(new RegExp(`^acme://qr-login/${login.id}/0\\.[\\w-]{16}$`));
  });

  it('serves apple-app-site-association claiming only the scan links, as JSON', async () => {
    const reply = await new QrApi(suite.server.url).send('GET', '/.well-known/apple-app-site-association');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.body).toEqual({
      applinks: {
        details: [
          { appIDs: ['ABCDE12345.com.acme.app', 'ABCDE12345.com.acme.app.beta'], components: [{ '/': '/scan/*' }] },
        ],
      },
    });
  });

  it('serves assetlinks.json with the package and its certificate fingerprints', async () => {
    const reply = await new QrApi(suite.server.url).send('GET', '/.well-known/assetlinks.json');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([
      {
        relation: ['delegate_permission/common.handle_all_urls'],
        target: {
          namespace: 'android_app',
          package_name: 'com.acme.app',
          sha256_cert_fingerprints: [FINGERPRINT.toUpperCase()],
        },
      },
    ]);
  });
});

describe('without apps configured', () => {
  const suite = serverForSuite();

  it('serves neither file, and the QR points at the public URL', async () => {
    const api = new QrApi(suite.server.url);
    expect((await api.send('GET', '/.well-known/apple-app-site-association')).status).toBe(404);
    expect((await api.send('GET', '/.well-known/assetlinks.json')).status).toBe(404);
    const login = await api.createLogin();
    expect(login.content).toMatch(new RegExp(`^${suite.server.url}/scan/${login.id}/0\\.[\\w-]{16}$`));
  });
});

describe('their configuration', () => {
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return 'accepted';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('takes {publicUrl} in the template', () => {
    expect(loadConfig({ QR_CONTENT_TEMPLATE: '{publicUrl}/l/{id}' }).qrContentTemplate).toBe('{publicUrl}/l/{id}');
  });

  it.each([
    ['no {id}', { QR_CONTENT_TEMPLATE: 'https://a.example/scan/' }, /^QR_CONTENT_TEMPLATE: must contain \{id\}/],
    ['{id} twice', { QR_CONTENT_TEMPLATE: 'acme://{id}/{id}' }, /^QR_CONTENT_TEMPLATE: must contain \{id\} exactly/],
    ['not a URL', { QR_CONTENT_TEMPLATE: 'scan {id}' }, /^QR_CONTENT_TEMPLATE: must be a URL/],
    ['a bad iOS app id', { APPLE_APP_IDS: 'com.acme.app' }, /^APPLE_APP_IDS: "com.acme.app" is not TEAMID/],
    [
      'a bad fingerprint',
      { ANDROID_PACKAGE_NAME: 'com.acme.app', ANDROID_CERT_FINGERPRINTS: 'AB:CD' },
      /^ANDROID_CERT_FINGERPRINTS:/,
    ],
    [
      'a package without fingerprints',
      { ANDROID_PACKAGE_NAME: 'com.acme.app' },
      /^ANDROID_CERT_FINGERPRINTS: and ANDROID_PACKAGE_NAME/,
    ],
    ['an http store link', { APP_STORE_URL: 'http://apps.apple.com/x' }, /^APP_STORE_URL:/],
  ])('refuses %s, naming the variable', (_name, env, message) => {
    expect(refusal(env)).toMatch(message);
  });
});
