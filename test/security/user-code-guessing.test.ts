/**
 * Guessing typed user codes spread over many phone accounts (threat model T22): wrong codes are limited per
 * client address and across the whole service, besides per user and per code, so adding accounts buys no
 * guesses. When the service-wide limit trips, a metric counts it and a warning line says so.
 */
import { Agent } from 'node:http';
import { QrApi } from '../support/qr-api';
import { withTestServer } from '../support/server';

/** The product's user-code limits (an empty variable counts as unset), not the fixture's "off". */
const DEFAULT_LIMITS = {
  RATE_LIMIT_USER_CODE_PER_MINUTE: '',
  RATE_LIMIT_USER_CODE_FAILURES_PER_MINUTE: '',
  RATE_LIMIT_USER_CODE_FAILURES_OVERALL_PER_MINUTE: '',
};

/** Made-up codes from the code alphabet, none of which any login here holds. */
const wrongCode = (n: number) =>
  `BBBB-${'BCDFGHJKLMNPQRSTVWXZ'[n % 20]}${'BCDFGHJKLMNPQRSTVWXZ'[Math.floor(n / 20) % 20]}BB`;

test('200 wrong codes from one address over 20 accounts are refused after the address allowance', async () => {
  await withTestServer(DEFAULT_LIMITS, async (server) => {
    const api = new QrApi(server.url);
    const statuses: number[] = [];
    for (let n = 0; n < 200; n++) {
      const token = server.mobileToken(`guesser-${n % 20}`);
      statuses.push((await api.send('POST', `/api/qr/by-code/${wrongCode(n)}`, { token })).status);
    }
    expect(statuses.filter((status) => status === 404).length).toBeLessThanOrEqual(20);
    expect(statuses.slice(20)).toEqual(Array(180).fill(429));
    // Someone at another address types the code on their screen and gets in.
    const login = await api.createLogin({ query: '?image=none' });
    const elsewhere = new QrApi(server.url, new Agent({ localAddress: '127.0.0.2' }));
    const typed = await elsewhere.send('POST', `/api/qr/by-code/${login.userCode}`, {
      token: server.mobileToken('alice'),
    });
    expect(typed.status).toBe(200);
  });
});

test('wrong codes across the service trip the overall limit once, counted in a metric and logged as a warning', async () => {
  await withTestServer(
    { ...DEFAULT_LIMITS, RATE_LIMIT_USER_CODE_FAILURES_OVERALL_PER_MINUTE: '30' },
    async (server) => {
      const warn = jest.spyOn(server.logger, 'warn');
      const statuses: number[] = [];
      for (const from of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) {
        const api = new QrApi(server.url, new Agent({ localAddress: from }));
        for (let n = 0; n < 15; n++) {
          const token = server.mobileToken(`${from}-${n}`);
          statuses.push((await api.send('POST', `/api/qr/by-code/${wrongCode(n)}`, { token })).status);
        }
      }
      expect(statuses.slice(0, 30)).toEqual(Array(30).fill(404));
      expect(statuses.slice(30)).toEqual(Array(15).fill(429));
      const metrics = await new QrApi(server.url).metrics();
      expect(metrics).toMatch(/^qr_user_code_limit_trips_total\{scope="overall"\} 1$/m);
      const warnings = warn.mock.calls.filter((call) => /typed codes/i.test(String(call.at(-1))));
      expect(warnings).toHaveLength(1);
    },
  );
});
