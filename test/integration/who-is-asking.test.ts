/**
 * Who is asking (issue 13, threat model T1): the phone is told which site the QR came from (the creating page's
 * origin, which passed the allowed-origins check, and SITE_NAME) and, with GEOIP_DATABASE, the requester's
 * country and city as the service observed its address. The test database is MaxMind's published test data.
 */
import path from 'node:path';
import type { QrApi } from '../support/qr-api';
import { serverForSuite } from '../support/server';

const GEOIP_TEST_DATABASE = path.join(__dirname, '../fixtures/geoip/GeoLite2-City-Test.mmdb');
const SHOP = 'https://shop.example';
/** In the test database: London, United Kingdom. */
const LONDON_ADDRESS = '81.2.69.142';

async function scanFrom(api: QrApi, token: string, headers: Record<string, string>) {
  const login = await api.createLogin({ query: '?image=none', headers });
  const scan = await api.scan(login.id, token);
  expect(scan.status).toBe(200);
  return scan.body;
}

describe('with SITE_NAME and GEOIP_DATABASE', () => {
  const suite = serverForSuite({
    SITE_NAME: 'Acme Shop',
    CORS_ORIGINS: SHOP,
    GEOIP_DATABASE: GEOIP_TEST_DATABASE,
    TRUSTED_PROXIES: 'loopback',
  });

  it('tells the phone the site, the page’s origin and where the requester is', async () => {
    const scan = await scanFrom(suite.api, suite.server.mobileToken('alice'), {
      origin: SHOP,
      'x-forwarded-for': LONDON_ADDRESS,
    });
    expect(scan.site).toEqual({ name: 'Acme Shop', origin: SHOP });
    expect(scan.requester).toMatchObject({
      ip: LONDON_ADDRESS,
      location: { countryCode: 'GB', country: 'United Kingdom', city: 'London' },
    });
  });

  it('names the service’s own origin for a caller that sent none, and no location for an unlisted address', async () => {
    const scan = await scanFrom(suite.api, suite.server.mobileToken('alice'), { 'x-forwarded-for': '10.1.2.3' });
    expect(scan.site).toEqual({ name: 'Acme Shop', origin: new URL(suite.server.url).origin });
    expect(scan.requester.ip).toBe('10.1.2.3');
    expect(scan.requester).not.toHaveProperty('location');
  });

  it('refuses a create from an origin that is not allowed, so no other site can borrow the name', async () => {
    const refused = await suite.api.create({ headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
  });
});

describe('without them (the defaults)', () => {
  const suite = serverForSuite({ CORS_ORIGINS: SHOP, TRUSTED_PROXIES: 'loopback' });

  it('gives the origin with no name and no location', async () => {
    const scan = await scanFrom(suite.api, suite.server.mobileToken('alice'), {
      origin: SHOP,
      'x-forwarded-for': LONDON_ADDRESS,
    });
    expect(scan.site).toEqual({ origin: SHOP });
    expect(scan.requester).not.toHaveProperty('location');
  });
});
