/**
 * The session token the browser gets (threat model T10): HS256 under its own key (never the mobile key), with
 * sub, iat, exp and a unique jti, so a relying service can verify, expire and revoke it.
 */
import jwt from 'jsonwebtoken';
import {
  TEST_MOBILE_JWT_SECRET as MOBILE_SECRET,
  TEST_SESSION_JWT_SECRET as SESSION_SECRET,
  startTestServer,
} from '../support/server';
import { expectStatus, QrApi } from './support/api';
import { securityEnv } from './support/env';
import { destroyAgent } from './support/http';

const TOKEN_TTL = 900;
let server: Awaited<ReturnType<typeof startTestServer>>;
let api: QrApi;

beforeAll(async () => {
  server = await startTestServer(securityEnv({ SESSION_TOKEN_TTL_SECONDS: String(TOKEN_TTL) }));
  api = new QrApi(server.url);
});

afterAll(async () => {
  await server?.close();
  destroyAgent();
});

async function sessionTokenFor(user: string): Promise<{ token: string; expiresIn: number }> {
  const phone = server.mobileToken(user, { name: `User ${user}` });
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
  expect(first.expiresIn).toBe(TOKEN_TTL);
  const other = jwt.verify(second.token, SESSION_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
  expect(typeof claims.jti).toBe('string');
  expect(other.jti).not.toBe(claims.jti);
});

test('does not verify under the mobile key, so it cannot pass as a phone token elsewhere', async () => {
  const { token } = await sessionTokenFor('bob');
  expect(() => jwt.verify(token, MOBILE_SECRET, { algorithms: ['HS256'] })).toThrow(jwt.JsonWebTokenError);
});
