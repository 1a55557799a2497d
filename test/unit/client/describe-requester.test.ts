import { describeBrowser, describeRequester, formatAge } from '../../../client/mobile/index';

describe('describeRequester: the phone says who is asking in words a person checks', () => {
  it('names browser and system, and how long ago the service made the QR', () => {
    const summary = describeRequester({
      sameNetwork: false,
      site: { origin: 'https://shop.example' },
      requester: {
        ip: '203.0.113.7',
        createdAt: '2030-01-01T12:00:00.000Z',
        ageSeconds: 42,
        browser: 'Chrome 120',
        os: 'Windows 10',
        userAgent:
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      },
    });
    expect(summary).toMatchObject({
      site: 'https://shop.example',
      ip: '203.0.113.7',
      browser: 'Chrome 120 on Windows 10',
      ageSeconds: 42,
      age: '42 seconds ago',
      sameNetwork: false,
    });
  });

  it('names the site by its configured name and origin, and the place by city and country when known', () => {
    const requester = { ip: '81.2.69.142', createdAt: '2030-01-01T12:00:00.000Z', ageSeconds: 3, userAgent: '' };
    const named = describeRequester({
      sameNetwork: true,
      site: { name: 'Acme Shop', origin: 'https://shop.example' },
      requester: { ...requester, location: { countryCode: 'GB', country: 'United Kingdom', city: 'London' } },
    });
    expect(named).toMatchObject({ site: 'Acme Shop (https://shop.example)', location: 'London, United Kingdom' });
    const countryOnly = describeRequester({
      sameNetwork: true,
      site: { origin: 'https://shop.example' },
      requester: { ...requester, location: { countryCode: 'SE', country: 'Sweden' } },
    });
    expect(countryOnly.location).toBe('Sweden');
    expect(
      describeRequester({ sameNetwork: true, site: { origin: 'https://shop.example' }, requester }),
    ).not.toHaveProperty('location');
  });

  it.each([
    [undefined, undefined, 'Unknown browser'],
    [undefined, 'Linux', 'Unknown browser on Linux'],
    ['curl 8', undefined, 'curl 8'],
  ])('words a partly known browser (%s, %s) as "%s"', (browser, os, text) => {
    expect(describeBrowser(browser, os)).toBe(text);
  });

  it.each([
    [0, 'just now'],
    [30, '30 seconds ago'],
    [120, '2 minutes ago'],
    [7200, '2 hours ago'],
  ])('formats %i seconds as "%s"', (seconds, text) => {
    expect(formatAge(seconds)).toBe(text);
  });
});
