/**
 * The session token the browser gets (threat model T10): HS256 under its own key (never the mobile key), with
 * sub, iat, exp and a unique jti, so a relying service can verify, expire and revoke it; iss and aud when
 * configured; or signed with a private key whose public half is served as a JWKS.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { mobileTokenVerifier } from '../../server/auth/mobile-tokens';
import { privateKeyRing } from '../../server/auth/session-keys';
import { sessionTokenIssuer } from '../../server/auth/session-tokens';
import { expectStatus } from '../support/contract-checks';
import { QrApi } from '../support/qr-api';
import {
  TEST_MOBILE_JWT_SECRET as MOBILE_SECRET,
  TEST_SESSION_JWT_SECRET as SESSION_SECRET,
  startTestServer,
  type TestServer,
  withTestServer,
} from '../support/server';

const TOKEN_TTL = 900;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ SESSION_TOKEN_TTL_SECONDS: String(TOKEN_TTL) });
});

afterAll(async () => {
  await server?.close();
});

async function sessionTokenFor(user: string, on = server): Promise<{ token: string; expiresIn: number }> {
  const phone = on.mobileToken(user, { name: `User ${user}` });
  const api = new QrApi(on.url);
  const login = await api.createLogin();
  expectStatus(await api.scan(login.id, phone), 200);
  expectStatus(await api.confirm(login.id, phone), 200);
  return expectStatus(await api.token(login.id, login.secret), 200) as { token: string; expiresIn: number };
}

test('is HS256 under the session key with sub, iat, exp and a unique jti', async () => {
  const before = Math.floor(Date.now() / 1000);
  const [first, second] = [await sessionTokenFor('alice'), await sessionTokenFor('alice')];
  const header = jwt.decode(first.token, { complete: true })!.header;
  expect(header.alg).toBe('HS256');
  const claims = jwt.verify(first.token, SESSION_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
  expect(claims).toMatchObject({ sub: 'alice', name: 'User alice' });
  expect(claims.iat).toBeGreaterThanOrEqual(before - 1);
  expect(claims.exp! - claims.iat!).toBe(TOKEN_TTL);
  // What is left of the token's life when the answer is made: a second boundary may pass after it was issued.
  expect(first.expiresIn).toBeGreaterThanOrEqual(TOKEN_TTL - 1);
  expect(first.expiresIn).toBeLessThanOrEqual(TOKEN_TTL);
  const other = jwt.verify(second.token, SESSION_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
  expect(typeof claims.jti).toBe('string');
  expect(other.jti).not.toBe(claims.jti);
});

test('does not verify under the mobile key, so it cannot pass as a phone token elsewhere', async () => {
  const { token } = await sessionTokenFor('bob');
  expect(() => jwt.verify(token, MOBILE_SECRET, { algorithms: ['HS256'] })).toThrow(jwt.JsonWebTokenError);
});

test('carries iss and aud when configured, and verifies only with the pinned algorithm', async () => {
  const settings = { SESSION_JWT_ISSUER: 'https://login.example', SESSION_JWT_AUDIENCE: 'shop' };
  const { token } = await withTestServer(settings, (configured) => sessionTokenFor('alice', configured));
  const claims = jwt.verify(token, SESSION_SECRET, {
    algorithms: ['HS256'],
    issuer: 'https://login.example',
    audience: 'shop',
  }) as jwt.JwtPayload;
  expect(claims).toMatchObject({ sub: 'alice', iss: 'https://login.example', aud: 'shop' });
  expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  expect(claims.exp).toBeGreaterThan(claims.iat!);
  expect(() => jwt.verify(token, SESSION_SECRET, { algorithms: ['HS512'] })).toThrow();
});

test.each([
  ['RS256', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ['ES256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
] as const)(
  'can be signed %s with a private key whose public half is served as a JWKS',
  async (algorithm, makeKeys) => {
    const privatePem = String(makeKeys().privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await withTestServer({ SESSION_JWT_PRIVATE_KEY: privatePem.replace(/\n/g, '\\n') }, async (signing) => {
      const jwks = (await new QrApi(signing.url).send('GET', '/.well-known/jwks.json')).body as {
        keys: Array<Record<string, string>>;
      };
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]).toMatchObject({ alg: algorithm, use: 'sig' });
      expect(JSON.stringify(jwks)).not.toMatch(/"d":/);

      const { token } = await sessionTokenFor('alice', signing);
      expect(jwt.decode(token, { complete: true })!.header).toMatchObject({ alg: algorithm, kid: jwks.keys[0]!.kid });
      const publicKey = createPublicKey({ key: jwks.keys[0]!, format: 'jwk' });
      expect(jwt.verify(token, publicKey, { algorithms: [algorithm] })).toMatchObject({ sub: 'alice' });
    });
  },
);

test('a session token never passes as a mobile token, even where one key pair would verify both', async () => {
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const sessions = sessionTokenIssuer({
    sessionKeys: privateKeyRing([keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()]),
    sessionTokenTtlSeconds: 600,
  });
  const phones = mobileTokenVerifier({ mobileJwtSecret: MOBILE_SECRET, mobileJwtPublicKey: keys.publicKey });
  const { token } = sessions.issue({ id: 'alice' }, { tokenId: crypto.randomUUID(), issuedAt: Date.now() }, Date.now());
  await expect(phones.verify(`Bearer ${token}`, '127.0.0.1')).rejects.toThrow(/invalid/);
  const header = jwt.decode(token, { complete: true })!.header;
  expect(header.typ).toBe('qr-session+jwt');
});
