import { describeRequester, describeUserAgent, formatAge } from '../../client/mobile';

describe('describeRequester: the phone says who is asking in words a person checks', () => {
  it('names browser and system, and how long ago the QR was made', () => {
    const createdAt = '2030-01-01T12:00:00.000Z';
    const summary = describeRequester(
      {
        ip: '203.0.113.7',
        createdAt,
        userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
      },
      Date.parse(createdAt) + 42_000,
    );
    expect(summary).toMatchObject({ ip: '203.0.113.7', browser: 'Chrome 120 on Windows', ageSeconds: 42, age: '42 seconds ago' });
  });

  it('says so when the user agent means nothing', () => {
    expect(describeUserAgent('')).toBe('Unknown browser');
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
