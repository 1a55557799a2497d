import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { unsigned } from '../support/forged-tokens';
import { QrApi } from '../support/qr-api';
import { serverForSuite, TEST_MOBILE_JWT_SECRET, withTestServer } from '../support/server';

const suite = serverForSuite();

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const badTokens: Array<[string, () => string | undefined]> = [
  ['no token', () => undefined],
  [
    'a token signed with another key',
    () => jwt.sign({ sub: 'eve' }, 'another-secret-another-secret-another', { algorithm: 'HS256' }),
  ],
  [
    'an expired token',
    () =>
      jwt.sign({ sub: 'alice', exp: Math.floor(Date.now() / 1000) - 10 }, TEST_MOBILE_JWT_SECRET, {
        algorithm: 'HS256',
      }),
  ],
  ['a token with alg none', () => unsigned({ sub: 'alice' })],
  ['an RS256 token (algorithm confusion)', () => jwt.sign({ sub: 'alice' }, privateKey, { algorithm: 'RS256' })],
  [
    'an HS512 token with the right key',
    () => jwt.sign({ sub: 'alice' }, TEST_MOBILE_JWT_SECRET, { algorithm: 'HS512' }),
  ],
  [
    'a token without sub',
    () => jwt.sign({ name: 'Alice' }, TEST_MOBILE_JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 }),
  ],
  [
    'a token with an empty sub',
    () => jwt.sign({ sub: '' }, TEST_MOBILE_JWT_SECRET, { algorithm: 'HS256', expiresIn: 60 }),
  ],
  ['a token without exp', () => jwt.sign({ sub: 'alice' }, TEST_MOBILE_JWT_SECRET, { algorithm: 'HS256' })],
  ['garbage', () => 'not.a.jwt'],
];

describe('the phone must present a valid mobile user token', () => {
  it.each(badTokens)('refuses %s with 401 on scan, confirm and deny, and changes nothing', async (_name, makeToken) => {
    const login = await suite.api.createLogin();
    const token = makeToken();
    for (const action of ['scan', 'confirm', 'deny']) {
      const reply = await suite.api.send('POST', `/api/qr/${login.id}/${action}`, token === undefined ? {} : { token });
      expect({ action, status: reply.status, code: reply.body.error.code }).toEqual({
        action,
        status: 401,
        code: 'unauthorized',
      });
      expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    expect((await suite.api.status(login.id, login.secret)).body).toMatchObject({ state: 'pending', version: 1 });
  });

  it('takes the user only from the token, never from the body (threat model T5)', async () => {
    const login = await suite.api.createLogin();
    const reply = await suite.api.send('POST', `/api/qr/${login.id}/scan`, {
      token: suite.server.mobileToken('alice', { name: 'Alice' }),
      json: { userId: 'mallory', sub: 'mallory', name: 'Mallory', ...(await suite.api.markShown(login.id)) },
    });
    expect(reply.status).toBe(200);
    await suite.api.confirm(login.id, suite.server.mobileToken('alice'));
    const token = await suite.api.token(login.id, login.secret);
    expect(token.body.user).toEqual({ id: 'alice', name: 'Alice' });
  });
});

describe('a mobile token checked once is still held to its expiry', () => {
  it('accepts the scan, then refuses the confirm once the token has expired, however recently it was checked', async () => {
    const login = await suite.api.createLogin();
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const token = jwt.sign({ sub: 'alice', exp: expiresAt }, TEST_MOBILE_JWT_SECRET, { algorithm: 'HS256' });
    expect((await suite.api.scan(login.id, token)).status).toBe(200);
    // The token's own lifetime running out is the condition under test, not a stand-in for synchronisation.
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
    expect(await suite.api.confirm(login.id, token)).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized' } },
    });
    expect((await suite.api.status(login.id, login.secret)).body).toMatchObject({ state: 'scanned' });
  });
});

describe('only the user who scanned may decide', () => {
  it('refuses another user with 403 and lets the scanner confirm; retries get the same answer', async () => {
    const login = await suite.api.createLogin();
    const alice = suite.server.mobileToken('alice');
    const bob = suite.server.mobileToken('bob');
    expect((await suite.api.scan(login.id, alice)).status).toBe(200);
    const again = await suite.api.scan(login.id, alice);
    expect(again).toMatchObject({ status: 200, body: { id: login.id, state: 'scanned' } });
    for (const action of ['scan', 'confirm', 'deny']) {
      const reply = await suite.api.send('POST', `/api/qr/${login.id}/${action}`, { token: bob });
      expect({ action, status: reply.status, code: reply.body.error.code }).toEqual({
        action,
        status: 403,
        code: 'forbidden',
      });
    }
    expect(await suite.api.confirm(login.id, alice)).toMatchObject({ status: 200, body: { state: 'confirmed' } });
    expect(await suite.api.confirm(login.id, alice)).toMatchObject({ status: 200, body: { state: 'confirmed' } });
    expect((await suite.api.status(login.id, login.secret)).body.version).toBe(3);
  });

  it('refuses to confirm or deny before a scan with 409 naming the state', async () => {
    const login = await suite.api.createLogin();
    const alice = suite.server.mobileToken('alice');
    expect(await suite.api.confirm(login.id, alice)).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict', state: 'pending' } },
    });
    expect(await suite.api.deny(login.id, alice)).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict', state: 'pending' } },
    });
  });

  it('a deny ends the login: no token, and the browser sees "denied"', async () => {
    const login = await suite.api.createLogin();
    const alice = suite.server.mobileToken('alice');
    await suite.api.scan(login.id, alice);
    expect(await suite.api.deny(login.id, alice)).toMatchObject({
      status: 200,
      body: { id: login.id, state: 'denied' },
    });
    expect(await suite.api.confirm(login.id, alice)).toMatchObject({
      status: 409,
      body: { error: { state: 'denied' } },
    });
    expect(await suite.api.token(login.id, login.secret)).toMatchObject({
      status: 409,
      body: { error: { state: 'denied' } },
    });
    expect((await suite.api.status(login.id, login.secret)).body.state).toBe('denied');
  });
});

describe('mobile tokens verified with a public key', () => {
  it("accept the key's algorithm with the configured iss/aud, and refuse HS256 signed with the key text", async () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicPem = String(keys.publicKey.export({ type: 'spki', format: 'pem' }));
    const settings = { MOBILE_JWT_PUBLIC_KEY: publicPem, MOBILE_JWT_ISSUER: 'app', MOBILE_JWT_AUDIENCE: 'qr-login' };
    await withTestServer(settings, async (keyed) => {
      const keyedApi = new QrApi(keyed.url);
      const sign = (options: jwt.SignOptions, key: jwt.Secret = keys.privateKey) =>
        jwt.sign({}, key, { subject: 'alice', issuer: 'app', audience: 'qr-login', expiresIn: 60, ...options });
      const cases: Array<[string, string, number]> = [
        ['ES256 with iss and aud', sign({ algorithm: 'ES256' }), 200],
        ['ES256 with the wrong audience', sign({ algorithm: 'ES256', audience: 'other' }), 401],
        ['ES256 with the wrong issuer', sign({ algorithm: 'ES256', issuer: 'evil' }), 401],
        ['HS256 keyed with the public key text', sign({ algorithm: 'HS256' }, publicPem), 401],
        ['HS256 with the old shared secret', sign({ algorithm: 'HS256' }, TEST_MOBILE_JWT_SECRET), 401],
      ];
      for (const [name, token, status] of cases) {
        const login = await keyedApi.createLogin();
        expect({ name, status: (await keyedApi.scan(login.id, token)).status }).toEqual({ name, status });
      }
    });
  });
});
