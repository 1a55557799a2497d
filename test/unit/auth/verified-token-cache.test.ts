import { VerifiedTokenCache } from '../../../server/auth/verified-token-cache';

const alice = { id: 'alice', name: 'Alice' };

function cacheAt(start: number, maxEntries = 3, maxAgeMs = 60_000) {
  const clock = { now: start };
  return { clock, cache: new VerifiedTokenCache({ maxEntries, maxAgeMs, clock: () => clock.now }) };
}

describe('the verified mobile token cache', () => {
  it('answers a remembered token with its user until the token expires, then no more', () => {
    const { clock, cache } = cacheAt(1_000);
    cache.remember('token-a', alice, 11_000);
    clock.now = 10_999;
    expect(cache.get('token-a')).toEqual(alice);
    clock.now = 11_000;
    expect(cache.get('token-a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('forgets a long-lived token after its maximum age, so a removed key stops passing', () => {
    const { clock, cache } = cacheAt(0, 3, 60_000);
    cache.remember('token-a', alice, 3_600_000);
    clock.now = 59_999;
    expect(cache.get('token-a')).toEqual(alice);
    clock.now = 60_000;
    expect(cache.get('token-a')).toBeUndefined();
  });

  it('keeps at most its number of tokens, forgetting the oldest first', () => {
    const { cache } = cacheAt(0, 2);
    cache.remember('first', alice, 10_000);
    cache.remember('second', alice, 10_000);
    cache.remember('third', alice, 10_000);
    expect([cache.get('first'), cache.get('second'), cache.get('third')]).toEqual([undefined, alice, alice]);
    expect(cache.size).toBe(2);
  });

  it('does not keep a token that has already expired', () => {
    const { cache } = cacheAt(5_000);
    cache.remember('stale', alice, 5_000);
    expect(cache.size).toBe(0);
  });
});
