/**
 * @qr-login/server's checks of a session token against a key set served over HTTP on loopback: the pinned
 * algorithms, issuer, audience, type and expiry, each token taken once, ended sessions refused, and a key
 * removed from the set refused once the set's cache age has passed.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { createSessionVerifier, MemoryTokenIdStore, type SessionVerifierOptions } from '../../../client/server/index';
import { eventually } from '../../support/eventually';

const ISSUER = 'https://login.example';
const AUDIENCE = 'shop';
const SECRET = 'webhook-secret-of-the-site-0123456789';

type SigningKey = { kid: string; alg: string; privateKey: CryptoKey; jwk: JWK };

async function signingKey(alg: 'ES256' | 'RS256' | 'ES384', kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

let published: SigningKey[] = [];
let jwksServer: Server;
let serviceUrl: string;
let es256: SigningKey;

beforeAll(async () => {
  es256 = await signingKey('ES256', 'es');
  jwksServer = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: published.map((key) => key.jwk) }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => jwksServer.close(resolve)));
beforeEach(() => {
  published = [es256];
});

let nextJti = 0;
function token(
  key: SigningKey,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    sub: 'alice',
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now,
    exp: now + 3600,
    jti: `s${++nextJti}`,
    ...claims,
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'qr-session+jwt', ...header })
    .sign(key.privateKey);
}

const verifier = (options: Partial<SessionVerifierOptions> = {}) =>
  createSessionVerifier({
    serviceUrl,
    issuer: ISSUER,
    audience: AUDIENCE,
    revocationWebhookSecret: SECRET,
    ...options,
  });

describe('createSessionVerifier().signIn', () => {
  it('accepts a token of the service for this site, once', async () => {
    const sites = verifier();
    const signed = await token(es256, { name: 'Alice' });
    const session = await sites.signIn(signed);
    expect(session).toMatchObject({ sub: 'alice', name: 'Alice', jti: expect.stringMatching(/^s\d+$/) });
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now());
    await expect(sites.signIn(signed)).rejects.toMatchObject({ code: 'already_used' });
  });

  it('accepts RS256 too', async () => {
    const rs256 = await signingKey('RS256', 'rs');
    published = [es256, rs256];
    await expect(verifier().signIn(await token(rs256))).resolves.toMatchObject({ sub: 'alice' });
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example' }, 'wrong_issuer'],
    ['another audience', { aud: 'another-site' }, 'wrong_audience'],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 1 }, 'expired'],
    ['no jti', { jti: undefined }, 'malformed'],
    ['no sub', { sub: undefined }, 'malformed'],
  ])('refuses %s', async (_name, claims, code) => {
    await expect(verifier().signIn(await token(es256, claims))).rejects.toMatchObject({ code });
  });

  it('refuses a token past its exp by the site’s clock', async () => {
    const signed = await token(es256);
    const anHourLater = () => Date.now() + 3601_000;
    await expect(verifier({ now: anHourLater }).signIn(signed)).rejects.toMatchObject({ code: 'expired' });
  });

  it('refuses another token type, an algorithm outside the pinned ones, and an unsigned token', async () => {
    await expect(verifier().signIn(await token(es256, {}, { typ: 'JWT' }))).rejects.toMatchObject({
      code: 'malformed',
    });
    const es384 = await signingKey('ES384', 'es384');
    published = [es256, es384];
    await expect(verifier().signIn(await token(es384))).rejects.toMatchObject({ code: 'wrong_algorithm' });
    const rs256 = await signingKey('RS256', 'rs-only');
    published = [es256, rs256];
    await expect(verifier({ algorithms: ['ES256'] }).signIn(await token(rs256))).rejects.toMatchObject({
      code: 'wrong_algorithm',
    });
    const payload = (await token(es256)).split('.')[1];
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'qr-session+jwt' })).toString('base64url')}.${payload}.`;
    await expect(verifier().signIn(none)).rejects.toMatchObject({ code: 'wrong_algorithm' });
  });

  it('refuses a token signed by a key not in the set, or with a forged signature', async () => {
    const stranger = await signingKey('ES256', 'es');
    await expect(verifier().signIn(await token(stranger))).rejects.toMatchObject({ code: 'bad_signature' });
    await expect(verifier().signIn('not.a.jwt')).rejects.toMatchObject({ code: 'malformed' });
  });

  it('refuses to be set up with an algorithm other than ES256 or RS256, or half an introspection client', () => {
    expect(() => verifier({ algorithms: ['HS256' as 'ES256'] })).toThrow(/ES256 and\/or RS256/);
    expect(() => verifier({ introspection: { clientId: 'shop', clientSecret: '' } })).toThrow(/client id and secret/);
  });

  it('a key removed from the set is refused once the cache age has passed', async () => {
    const rotated = await signingKey('ES256', 'next');
    published = [rotated, es256];
    const sites = verifier({ keyCacheMaxAgeMs: 200 });
    await sites.signIn(await token(es256)); // the set, with the old key, is now cached
    const oldKeyToken = await token(es256);
    published = [rotated];
    const removedAt = Date.now();
    await eventually(async () => Date.now() - removedAt > 200, 2_000);
    await expect(sites.signIn(oldKeyToken)).rejects.toMatchObject({ code: 'bad_signature' });
    await expect(sites.signIn(await token(rotated))).resolves.toMatchObject({ sub: 'alice' });
  });

  it('says unavailable, not refused, when the keys cannot be fetched', async () => {
    const signed = await token(es256);
    await expect(verifier({ serviceUrl: 'http://127.0.0.1:1' }).signIn(signed)).rejects.toMatchObject({
      code: 'unavailable',
    });
  });
});

describe('createSessionVerifier().receiveRevocations', () => {
  const sign = (body: string, at = Math.floor(Date.now() / 1000), secret = SECRET) =>
    `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;
  const announcement = (jti: string) =>
    JSON.stringify({
      type: 'sessions.ended',
      id: 'd1',
      occurredAt: new Date().toISOString(),
      sessions: [{ sub: 'alice', jti, exp: Math.floor(Date.now() / 1000) + 3600, reason: 'revoked' }],
    });

  it('believes a signed announcement and refuses the ended session’s token from then on', async () => {
    const sites = verifier();
    const signed = await token(es256);
    const { jti } = JSON.parse(Buffer.from(signed.split('.')[1]!, 'base64url').toString());
    const body = announcement(jti);
    await expect(sites.receiveRevocations(body, sign(body))).resolves.toEqual([
      { sub: 'alice', jti, expiresAt: expect.any(Date), reason: 'revoked' },
    ]);
    await expect(sites.signIn(signed)).rejects.toMatchObject({ code: 'revoked' });
  });

  it.each([
    ['no signature', () => undefined, 'bad_signature'],
    ['another secret', (body: string) => sign(body, undefined, 'another-secret'), 'bad_signature'],
    ['another body', (body: string) => sign(`${body} `), 'bad_signature'],
    ['a malformed header', () => 'v1=abc', 'bad_signature'],
    ['an old signature', (body: string) => sign(body, Math.floor(Date.now() / 1000) - 301), 'stale_signature'],
    [
      'a signature from the future',
      (body: string) => sign(body, Math.floor(Date.now() / 1000) + 301),
      'stale_signature',
    ],
  ])('refuses %s', async (_name, header, code) => {
    const sites = verifier();
    const signed = await token(es256);
    const { jti } = JSON.parse(Buffer.from(signed.split('.')[1]!, 'base64url').toString());
    const body = announcement(jti);
    await expect(sites.receiveRevocations(body, header(body))).rejects.toMatchObject({ code });
    await expect(sites.signIn(signed)).resolves.toMatchObject({ jti });
  });

  it('refuses a signed body that is not an announcement of ended sessions', async () => {
    const body = JSON.stringify({ type: 'something.else' });
    await expect(verifier().receiveRevocations(body, sign(body))).rejects.toMatchObject({ code: 'not_a_revocation' });
  });
});

describe('MemoryTokenIdStore', () => {
  it('holds an id once until its expiry, then lets it go', async () => {
    let now = 1_000_000;
    const store = new MemoryTokenIdStore(() => now);
    await expect(store.add('a', now + 10)).resolves.toBe(true);
    await expect(store.add('a', now + 10)).resolves.toBe(false);
    await expect(store.has('a')).resolves.toBe(true);
    now += 10;
    await expect(store.has('a')).resolves.toBe(false);
    await expect(store.add('a', now + 10)).resolves.toBe(true);
  });
});
