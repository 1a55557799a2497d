import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { apiClient } from '../support/api';
import { connectBrowser, connectRefused } from '../support/browser-socket';
import { startTestServer, TEST_MOBILE_JWT_SECRET } from '../support/server';

const pem = (
  key: { export(options: { type: 'pkcs8' | 'spki'; format: 'pem' }): string | Buffer },
  type: 'pkcs8' | 'spki',
) => String(key.export({ type, format: 'pem' }));

describe('what the phone is told before it decides', () => {
  it('names the browser and OS, the age of the QR, and whether it is on the same network', async () => {
    const server = await startTestServer({ TRUSTED_PROXIES: 'loopback' });
    try {
      const api = apiClient(server.url);
      const chrome =
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
      const created = await api.call('POST', '/api/qr?image=none', {
        headers: { 'User-Agent': chrome, 'X-Forwarded-For': '198.51.100.20' },
      });
      const id = created.body.id;
      const near = await api.call('POST', `/api/qr/${id}/scan`, {
        token: server.mobileToken('alice'),
        headers: { 'X-Forwarded-For': '198.51.100.77' },
      });
      expect(near.body.requester).toMatchObject({
        ip: '198.51.100.20',
        browser: 'Chrome 131',
        os: 'Windows 10',
        userAgent: chrome,
      });
      expect(near.body.requester.ageSeconds).toBeGreaterThanOrEqual(0);
      expect(near.body.sameNetwork).toBe(true);

      const other = (await api.call('POST', '/api/qr?image=none', { headers: { 'X-Forwarded-For': '203.0.113.9' } }))
        .body;
      const far = await api.call('POST', `/api/qr/${other.id}/scan`, {
        token: server.mobileToken('alice'),
        headers: { 'X-Forwarded-For': '198.51.100.77' },
      });
      expect(far.body).toMatchObject({ sameNetwork: false, requester: { ip: '203.0.113.9' } });
    } finally {
      await server.close();
    }
  });

  it('ignores X-Forwarded-For from a proxy that is not trusted', async () => {
    const server = await startTestServer();
    try {
      const api = apiClient(server.url);
      const created = await api.call('POST', '/api/qr?image=none', { headers: { 'X-Forwarded-For': '203.0.113.9' } });
      const scan = await api.scan(created.body.id, server.mobileToken('alice'));
      expect(scan.body.requester.ip).toBe('127.0.0.1');
    } finally {
      await server.close();
    }
  });
});

describe('a second user scanning a claimed QR', () => {
  it('is refused, counted in the metrics and logged as a possible relayed QR', async () => {
    const server = await startTestServer();
    try {
      const api = apiClient(server.url);
      const login = await api.create();
      await api.scan(login.id, server.mobileToken('victim'));
      expect((await api.scan(login.id, server.mobileToken('second'))).status).toBe(403);
      const metrics = (await api.call('GET', '/metrics')).body as string;
      expect(metrics).toMatch(/qr_login_refusals_total\{action="scan",reason="forbidden"\} 1/);
    } finally {
      await server.close();
    }
  });
});

describe('the decision window after a scan', () => {
  it('ends the login CONFIRM_WINDOW_SECONDS after the scan, even though the QR had longer to live', async () => {
    const server = await startTestServer({ CONFIRM_WINDOW_SECONDS: '1', QR_TTL_SECONDS: '60' });
    try {
      const api = apiClient(server.url);
      const login = await api.create();
      const alice = server.mobileToken('alice');
      const browser = await connectBrowser(server.url, { id: login.id, secret: login.secret });
      const scan = await api.scan(login.id, alice);
      expect(Date.parse(scan.body.expiresAt)).toBeLessThan(Date.parse(login.expiresAt));
      expect((await browser.waitForState('expired', 3_000)).version).toBe(3);
      expect(await api.confirm(login.id, alice)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    } finally {
      await server.close();
    }
  });
});

describe('session tokens', () => {
  it('carry iss, aud, iat, exp and jti when configured, and verify only with the pinned algorithm', async () => {
    const server = await startTestServer({ SESSION_JWT_ISSUER: 'https://login.example', SESSION_JWT_AUDIENCE: 'shop' });
    try {
      const api = apiClient(server.url);
      const login = await api.create();
      const alice = server.mobileToken('alice');
      await api.scan(login.id, alice);
      await api.confirm(login.id, alice);
      const { token } = (await api.token(login.id, login.secret)).body;
      const claims = jwt.verify(token, server.env.SESSION_JWT_SECRET!, {
        algorithms: ['HS256'],
        issuer: 'https://login.example',
        audience: 'shop',
      }) as jwt.JwtPayload;
      expect(claims).toMatchObject({ sub: 'alice', iss: 'https://login.example', aud: 'shop' });
      expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(claims.exp).toBeGreaterThan(claims.iat!);
      expect(() => jwt.verify(token, server.env.SESSION_JWT_SECRET!, { algorithms: ['HS512'] })).toThrow();
    } finally {
      await server.close();
    }
  });

  it.each([
    ['RS256', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ['ES256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
  ] as const)(
    'can be signed %s with a private key whose public half is served as a JWKS',
    async (algorithm, makeKeys) => {
      const keys = makeKeys();
      const server = await startTestServer({
        SESSION_JWT_PRIVATE_KEY: pem(keys.privateKey, 'pkcs8').replace(/\n/g, '\\n'),
      });
      try {
        const api = apiClient(server.url);
        const jwks = (await api.call('GET', '/.well-known/jwks.json')).body as { keys: Array<Record<string, string>> };
        expect(jwks.keys).toHaveLength(1);
        expect(jwks.keys[0]).toMatchObject({ alg: algorithm, use: 'sig' });
        expect(JSON.stringify(jwks)).not.toMatch(/"d":/);

        const login = await api.create();
        const alice = server.mobileToken('alice');
        await api.scan(login.id, alice);
        await api.confirm(login.id, alice);
        const { token } = (await api.token(login.id, login.secret)).body;
        const header = jwt.decode(token, { complete: true })!.header;
        expect(header).toMatchObject({ alg: algorithm, kid: jwks.keys[0]!.kid });
        const { createPublicKey } = await import('node:crypto');
        const publicKey = createPublicKey({ key: jwks.keys[0]!, format: 'jwk' });
        expect(jwt.verify(token, publicKey, { algorithms: [algorithm] })).toMatchObject({ sub: 'alice' });
      } finally {
        await server.close();
      }
    },
  );
});

describe('mobile tokens verified with a public key', () => {
  it("accept the key's algorithm with the configured iss/aud, and refuse HS256 signed with the key text", async () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicPem = pem(keys.publicKey, 'spki');
    const server = await startTestServer({
      MOBILE_JWT_PUBLIC_KEY: publicPem,
      MOBILE_JWT_ISSUER: 'app',
      MOBILE_JWT_AUDIENCE: 'qr-login',
    });
    try {
      const api = apiClient(server.url);
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
        const login = await api.create();
        expect({ name, status: (await api.scan(login.id, token)).status }).toEqual({ name, status });
      }
    } finally {
      await server.close();
    }
  });
});

describe('abuse limits', () => {
  it('limit polls per login, mobile calls per user and socket connects per IP, with 429 and Retry-After', async () => {
    const server = await startTestServer({
      RATE_LIMIT_POLLS_PER_MINUTE: '3',
      RATE_LIMIT_MOBILE_PER_MINUTE: '2',
      RATE_LIMIT_SOCKET_CONNECTS_PER_MINUTE: '2',
    });
    try {
      const api = apiClient(server.url);
      const login = await api.create();
      const polls = [];
      for (let n = 0; n < 4; n++) polls.push((await api.status(login.id, login.secret)).status);
      expect(polls).toEqual([200, 200, 200, 429]);
      const other = await api.create();
      expect((await api.status(other.id, other.secret)).status).toBe(200);

      const alice = server.mobileToken('alice');
      const calls = [(await api.scan(login.id, alice)).status, (await api.scan(login.id, alice)).status];
      const limited = await api.scan(login.id, alice);
      expect([...calls, limited.status]).toEqual([200, 200, 429]);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await api.scan(other.id, server.mobileToken('bob'))).status).toBe(200);

      (await connectBrowser(server.url, { id: other.id, secret: other.secret })).close();
      expect(await connectRefused(server.url, { id: other.id, secret: login.secret })).toBe('forbidden');
      expect(await connectRefused(server.url, { id: other.id, secret: other.secret })).toBe('rate_limited');
    } finally {
      await server.close();
    }
  });
});

describe('pages', () => {
  it('forbid framing and inline scripts', async () => {
    const server = await startTestServer();
    try {
      const page = await fetch(`${server.url}/`);
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await server.close();
    }
  });
});
