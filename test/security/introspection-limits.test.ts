/**
 * Token introspection's limits (threat model T14): wrong client credentials are limited per address, and the
 * authenticated relying service has an allowance of its own, spent only after its credentials are checked, so
 * wrong-credential calls from its address (a shared NAT, or an attacker spoofing nothing at all) cannot lock it out.
 */
import { basicAuth, INTROSPECTION_ENV, introspect } from '../support/introspection';
import { withTestServer } from '../support/server';

const LIMITS = { RATE_LIMIT_INTROSPECT_PER_MINUTE: '10', RATE_LIMIT_INTROSPECT_FAILURES_PER_MINUTE: '5' };
const wrong = basicAuth('shop', 'not-the-secret-0123456789abcdef012345');

test('wrong credentials from the relying service address do not spend its allowance', async () => {
  await withTestServer({ ...INTROSPECTION_ENV, ...LIMITS }, async (server) => {
    const refused: number[] = [];
    for (let n = 0; n < 12; n++) refused.push((await introspect(server, 'any.token.here', wrong)).status);
    expect(refused.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(refused.slice(5)).toEqual(Array(7).fill(429));
    const right = await introspect(server, 'any.token.here');
    expect(right).toMatchObject({ status: 200, body: { active: false } });
  });
});

test('the authenticated client has its own allowance, spent after authentication', async () => {
  await withTestServer({ ...INTROSPECTION_ENV, ...LIMITS }, async (server) => {
    const statuses: number[] = [];
    for (let n = 0; n < 12; n++) statuses.push((await introspect(server, 'any.token.here')).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
