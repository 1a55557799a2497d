/**
 * Two instances sharing one Redis: a session ended on one is inactive on the other at once, and a signing key
 * rotated instance by instance (rolling restarts) never makes a live token fail verification.
 */
import { createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { type SignedIn, signIn } from '../support/flows';
import { INTROSPECTION_ENV as CLIENT_ENV, introspect } from '../support/introspection';
import { QrApi } from '../support/qr-api';
import { startTestServer, type TestServer, uniquePrefix } from '../support/server';

describe('two instances on one Redis', () => {
  it('a session ended on one instance is inactive on the other at once', async () => {
    const env = { ...CLIENT_ENV, REDIS_KEY_PREFIX: uniquePrefix() };
    const [a, b] = [await startTestServer(env), await startTestServer(env)];
    try {
      const { token, sessionId } = await signIn(a, 'alice');
      expect((await introspect(b, token)).body.active).toBe(true);
      const listed = await new QrApi(b.url).send('GET', '/api/sessions', { token: b.mobileToken('alice') });
      expect(listed.body.sessions.map((s: { id: string }) => s.id)).toEqual([sessionId]);
      const ended = await new QrApi(b.url).send('DELETE', `/api/sessions/${sessionId}`, {
        token: b.mobileToken('alice'),
      });
      expect(ended.status).toBe(204);
      expect((await introspect(a, token)).body).toEqual({ active: false });
      expect((await introspect(b, token)).body).toEqual({ active: false });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

const pem = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Verifies a token the way a relying service does: with the key its `kid` names in the instance's JWKS. */
async function verifiesWithJwks(server: TestServer, token: string): Promise<boolean> {
  const { keys } = (
    await new QrApi(server.url).send<{ keys: Array<JsonWebKey & { kid: string }> }>('GET', '/.well-known/jwks.json')
  ).body;
  const kid = jwt.decode(token, { complete: true })?.header.kid;
  const jwk = keys.find((key) => key.kid === kid);
  if (!jwk) return false;
  try {
    jwt.verify(token, createPublicKey({ key: jwk, format: 'jwk' }), { algorithms: ['ES256'] });
    return true;
  } catch {
    return false;
  }
}

describe.each([
  {
    kind: 'private keys (ES256, JWKS)',
    keys: [pem(), pem()],
    env: (keys: string[]) => ({ SESSION_JWT_PRIVATE_KEYS: keys.join('\n') }),
    viaJwks: true,
  },
  {
    kind: 'HS256 secrets',
    keys: ['first-secret-0123456789abcdef0123456789', 'second-secret-0123456789abcdef012345678'],
    env: (keys: string[]) => ({ SESSION_JWT_SECRET: '', SESSION_JWT_SECRETS: keys.join(',') }),
    viaJwks: false,
  },
])('rotating $kind while tokens are live across two instances', ({ keys: [oldKey, newKey], env, viaJwks }) => {
  it('keeps every live token verifying at every step, and the new key signs at the end', async () => {
    const shared = { ...CLIENT_ENV, REDIS_KEY_PREFIX: uniquePrefix() };
    const start = (keys: string[]) => startTestServer({ ...shared, ...env(keys) });
    const instances: TestServer[] = [await start([oldKey!]), await start([oldKey!])];
    const tokens: SignedIn[] = [];
    const kids = new Set<string>();
    const allVerifyEverywhere = async (step: string) => {
      for (const [n, instance] of instances.entries()) {
        tokens.push(await signIn(instance, `user-${tokens.length}`));
        for (const { token } of tokens) {
          const where = `${step}: token ${tokens.findIndex((t) => t.token === token)} on instance ${n}`;
          expect([where, (await introspect(instance, token)).body.active]).toEqual([where, true]);
          if (viaJwks) expect([where, await verifiesWithJwks(instance, token)]).toEqual([where, true]);
        }
      }
      for (const { token } of tokens) kids.add(jwt.decode(token, { complete: true })!.header.kid!);
    };
    const restart = async (n: number, keys: string[]) => {
      await instances[n]!.close();
      instances[n] = await start(keys);
    };
    try {
      await allVerifyEverywhere('before');
      // 1. Every instance learns the new key (it verifies and is published) while the old one still signs.
      await restart(0, [oldKey!, newKey!]);
      await allVerifyEverywhere('new key published on one instance');
      await restart(1, [oldKey!, newKey!]);
      await allVerifyEverywhere('new key published everywhere');
      expect(kids.size).toBe(1);
      // 2. The new key signs, instance by instance; the old one still verifies.
      await restart(0, [newKey!, oldKey!]);
      await allVerifyEverywhere('new key signs on one instance');
      await restart(1, [newKey!, oldKey!]);
      await allVerifyEverywhere('new key signs everywhere');
      expect(kids.size).toBe(2);
      // 3. Once the old key's tokens have expired it is removed; until then removing it would end them.
      const oldToken = tokens[0]!.token;
      await restart(0, [newKey!]);
      expect((await introspect(instances[0]!, oldToken)).body.active).toBe(false);
      expect((await introspect(instances[0]!, tokens[tokens.length - 1]!.token)).body.active).toBe(true);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });
});

describe('SESSION_JWT_PRIVATE_KEYS as a key directory', () => {
  it('reads the *.pem files in name order, the first signing, and publishes them all', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'qr-keys-'));
    const [first, second] = [pem(), pem()];
    writeFileSync(join(directory, '2-next.pem'), second);
    writeFileSync(join(directory, '1-active.pem'), first);
    writeFileSync(join(directory, 'README'), 'not a key');
    const server = await startTestServer({ REDIS_URL: '', SESSION_JWT_PRIVATE_KEYS: directory });
    try {
      const { keys } = (await new QrApi(server.url).send('GET', '/.well-known/jwks.json')).body;
      expect(keys).toHaveLength(2);
      const { token } = await signIn(server, 'alice');
      const kid = jwt.decode(token, { complete: true })!.header.kid;
      const signer = keys.find((key: { kid: string }) => key.kid === kid);
      expect(signer).toBeDefined();
      expect(createPublicKey({ key: signer, format: 'jwk' }).export({ type: 'spki', format: 'pem' })).toBe(
        createPublicKey(first).export({ type: 'spki', format: 'pem' }),
      );
    } finally {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
