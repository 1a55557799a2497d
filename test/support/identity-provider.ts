import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export const IDP_ISSUER = 'https://idp.example';
export const IDP_AUDIENCE = 'qr-login-app';

export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256' | 'RS384';
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function newSigningKey(alg: SigningKey['alg'] = 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A mobile token as a real identity provider issues it: signed with `key`, its `kid` in the header. */
export function providerToken(
  key: SigningKey,
  claims: { sub: string; name?: string; iss?: string; aud?: string; expiresIn?: string | number } = { sub: 'alice' },
): Promise<string> {
  const { sub, iss = IDP_ISSUER, aud = IDP_AUDIENCE, expiresIn = '10m', ...profile } = claims;
  return new SignJWT(profile)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(iss)
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key.privateKey);
}

/**
 * A stand-in identity provider on a loopback port: serves whatever `respond` answers for each request, and
 * records them, so a test can rotate keys, take it down, or count how often the service asks.
 */
export interface FakeProvider {
  url: string;
  requests: Array<{ method: string; path: string; authorization?: string; body: string; at: number }>;
  respond: (request: { path: string; body: string; authorization?: string }) => {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
    /** Answer this much later (a slow provider). */
    delayMs?: number;
    /** Cut the connection instead of answering (a provider that is down). */
    reset?: boolean;
  };
  close(): Promise<void>;
}

export async function startFakeProvider(respond: FakeProvider['respond']): Promise<FakeProvider> {
  const provider = { requests: [], respond } as unknown as FakeProvider;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const path = req.url ?? '/';
      provider.requests.push({
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization,
        body,
        at: Date.now(),
      });
      const answer = provider.respond({ path, body, authorization: req.headers.authorization });
      if (answer.reset) return void req.socket.destroy();
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return provider;
}
