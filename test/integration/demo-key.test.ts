/**
 * The demo's token minting never uses a real key (threat model T23): its tokens are signed under a key made up
 * for the run, and a deployment that configured any mobile key (secret, public key, key set, introspection) has
 * no demo users unless DEMO_USERS=true says so, even when NODE_ENV is unset or misspelt.
 */
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { QrApi } from '../support/qr-api';
import { TEST_MOBILE_JWT_SECRET, withTestServer } from '../support/server';
import { startServerProcess } from '../support/server-process';

const phonePublicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

const CONFIGURED_KEYS: Array<[string, Record<string, string>]> = [
  ['MOBILE_JWT_SECRET', {}],
  ['MOBILE_JWT_PUBLIC_KEY', { MOBILE_JWT_SECRET: '', MOBILE_JWT_PUBLIC_KEY: phonePublicKey }],
  [
    'MOBILE_JWT_JWKS_URL',
    {
      MOBILE_JWT_SECRET: '',
      MOBILE_JWT_JWKS_URL: 'http://127.0.0.1:9/jwks',
      MOBILE_JWT_ISSUER: 'https://idp.example',
      MOBILE_JWT_AUDIENCE: 'app',
    },
  ],
  [
    'MOBILE_TOKEN_INTROSPECTION_URL',
    {
      MOBILE_JWT_SECRET: '',
      MOBILE_TOKEN_INTROSPECTION_URL: 'http://127.0.0.1:9/introspect',
      MOBILE_TOKEN_INTROSPECTION_CLIENT_ID: 'qr-login',
      MOBILE_TOKEN_INTROSPECTION_CLIENT_SECRET: 'client-secret',
    },
  ],
];

async function scanAs(api: QrApi, token: string) {
  const login = await api.createLogin();
  return api.scan(login.id, token, { json: { rotation: login.content.split('/').pop() } });
}

describe.each(['', 'prod'])('with NODE_ENV=%j', (nodeEnv) => {
  it.each(CONFIGURED_KEYS)('a configured %s turns the demo users off', async (_name, env) => {
    await withTestServer({ ...env, NODE_ENV: nodeEnv, DEMO_USERS: '' }, async (server) => {
      const api = new QrApi(server.url);
      expect((await api.send('POST', '/demo/mobile-token', { json: { userId: 'alice' } })).status).toBe(404);
      expect((await api.send('GET', '/demo/users')).status).toBe(404);
    });
  });
});

it('DEMO_USERS=true beside a real key mints under a key of its own, which the service accepts for demo users', async () => {
  await withTestServer({ DEMO_USERS: 'true' }, async (server) => {
    const api = new QrApi(server.url);
    const minted = await api.send('POST', '/demo/mobile-token', { json: { userId: 'alice' } });
    expect(minted.status).toBe(200);
    const { token } = minted.body as { token: string };
    expect(() => jwt.verify(token, TEST_MOBILE_JWT_SECRET)).toThrow(/signature/);
    expect((await scanAs(api, token)).status).toBe(200);
  });
});

it('without any mobile key the demo is on, as a first run needs it', async () => {
  await withTestServer({ MOBILE_JWT_SECRET: '', DEMO_USERS: '' }, async (server) => {
    const api = new QrApi(server.url);
    const minted = await api.send('POST', '/demo/mobile-token', { json: { userId: 'bob' } });
    expect(minted.status).toBe(200);
    expect((await scanAs(api, (minted.body as { token: string }).token)).status).toBe(200);
  });
});

it('the start says in one line that the demo users are off, and why', async () => {
  const server = await startServerProcess({ DEMO_USERS: '' });
  try {
    const lines = server.logs.filter((line) => /demo/i.test(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/MOBILE_JWT_SECRET/);
    expect(lines[0]).toMatch(/DEMO_USERS=true/);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
});
