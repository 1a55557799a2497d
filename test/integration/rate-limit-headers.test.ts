/**
 * The RateLimit header fields (IETF httpapi draft): every answer of a limited route tells the caller its limit and
 * what is left, on success and on refusal (beside Retry-After), readable from another site through CORS; a limit
 * turned off (its setting 0) sends none. The SDKs' errors carry them.
 */
import { QrLoginApiError } from '../../client/shared/errors';
import { requestJson } from '../../client/shared/http';
import { QrApi } from '../support/qr-api';
import { withTestServer } from '../support/server';

const SITE = 'https://site.example';

describe('RateLimit header fields', () => {
  it('count down on each create, stay on the 429 with Retry-After, and are exposed to an allowed site', () =>
    withTestServer({ RATE_LIMIT_CREATE_PER_MINUTE: '3', CORS_ORIGINS: SITE }, async (server) => {
      const api = new QrApi(server.url);
      const create = () => api.send('POST', '/api/qr', { headers: { origin: SITE }, json: {} });
      for (const remaining of [2, 1, 0]) {
        const created = await create();
        expect(created.status).toBe(201);
        expect(created.headers['ratelimit-policy']).toBe('"creates-per-ip";q=3;w=60');
        expect(created.headers.ratelimit).toMatch(
          new RegExp(`^"creates-per-ip";r=${remaining};t=([1-9]|[1-5]\\d|60)$`),
        );
        const exposed = String(created.headers['access-control-expose-headers']).split(/,\s*/);
        expect(exposed).toEqual(expect.arrayContaining(['RateLimit', 'RateLimit-Policy', 'Retry-After']));
      }
      const refused = await create();
      expect(refused.status).toBe(429);
      expect(refused.headers['ratelimit-policy']).toBe('"creates-per-ip";q=3;w=60');
      const reset = /^"creates-per-ip";r=0;t=(\d+)$/.exec(String(refused.headers.ratelimit))?.[1];
      expect(reset).toBeDefined();
      expect(refused.headers['retry-after']).toBe(reset);
    }));

  it('name each limit a request counts against, and the SDK error of a 429 carries them', () =>
    withTestServer({ RATE_LIMIT_MOBILE_PER_MINUTE: '2', RATE_LIMIT_USER_CODE_PER_MINUTE: '5' }, async (server) => {
      const typed = await new QrApi(server.url).send('POST', '/api/qr/by-code/BCDF-GHJK', {
        token: server.mobileToken('bob'),
      });
      expect(typed.status).toBe(404); // no login shows that code: the tries were counted all the same
      expect(String(typed.headers['ratelimit-policy']).split(/,\s*/)).toEqual(
        expect.arrayContaining([
          '"mobile-calls-per-user";q=2;w=60',
          '"user-code-tries-per-user";q=5;w=60',
          '"user-code-tries-per-code";q=5;w=60',
        ]),
      );
      expect(String(typed.headers.ratelimit)).toMatch(/"user-code-tries-per-code";r=4;t=\d+/);

      const token = server.mobileToken('alice');
      const listed = await new QrApi(server.url).send('GET', '/api/sessions', { token });
      expect(listed.status).toBe(200);
      expect(listed.headers.ratelimit).toMatch(/^"mobile-calls-per-user";r=1;t=\d+$/);
      const list = () =>
        requestJson(`${server.url}/api/sessions`, { method: 'GET', headers: { authorization: `Bearer ${token}` } });
      await list();
      const error = await list().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(QrLoginApiError);
      const refusal = error as QrLoginApiError;
      expect(refusal).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(refusal.rateLimits).toEqual([
        {
          policy: 'mobile-calls-per-user',
          quota: 2,
          windowSeconds: 60,
          remaining: 0,
          resetSeconds: refusal.retryAfterSeconds,
        },
      ]);
    }));

  it('are not sent while the limit is turned off', () =>
    withTestServer({ RATE_LIMIT_CREATE_PER_MINUTE: '0' }, async (server) => {
      const created = await new QrApi(server.url).send('POST', '/api/qr', { json: {} });
      expect(created.status).toBe(201);
      expect(created.headers.ratelimit).toBeUndefined();
      expect(created.headers['ratelimit-policy']).toBeUndefined();
    }));
});
