import { rateLimitStandings } from '../../../client/shared/rate-limit';

const headers = (fields: Record<string, string>) => new Headers(fields);

describe('reading the RateLimit header fields', () => {
  it('gives one standing per limit, with its policy when the service named it', () => {
    const standings = rateLimitStandings(
      headers({
        'RateLimit-Policy': '"mobile-calls-per-user";q=60;w=60, "user-code-tries-per-code";q=10;w=60',
        RateLimit: '"mobile-calls-per-user";r=59;t=60, "user-code-tries-per-code";r=0;t=12, "unnamed";r=3;t=5',
      }),
    );
    expect(standings).toEqual([
      { policy: 'mobile-calls-per-user', quota: 60, windowSeconds: 60, remaining: 59, resetSeconds: 60 },
      { policy: 'user-code-tries-per-code', quota: 10, windowSeconds: 60, remaining: 0, resetSeconds: 12 },
      { policy: 'unnamed', quota: undefined, windowSeconds: undefined, remaining: 3, resetSeconds: 5 },
    ]);
  });

  it('skips what it cannot read, and gives nothing when the service sent nothing', () => {
    expect(rateLimitStandings(headers({}))).toEqual([]);
    expect(rateLimitStandings(headers({ RateLimit: 'default;r=1;t=1, "no-reset";r=1, "x";r=-1;t=2' }))).toEqual([]);
    expect(rateLimitStandings(headers({ RateLimit: '"a \\"quoted\\" name";t=7;r=2' }))).toEqual([
      { policy: 'a "quoted" name', quota: undefined, windowSeconds: undefined, remaining: 2, resetSeconds: 7 },
    ]);
  });
});
