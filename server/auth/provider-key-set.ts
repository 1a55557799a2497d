import { createLocalJWKSet, errors, type JSONWebKeySet, type JWK, type JWTVerifyGetKey } from 'jose';

export interface ProviderKeySetOptions {
  url: string;
  /** A token naming an unknown `kid` asks the provider again at most this often. */
  refetchSeconds: number;
  /** Keys for other algorithms cannot verify a token we accept, so they do not count as usable. */
  algorithms: string[];
  clock?: () => number;
}

/** Keys are refetched after this even when every `kid` is known, so a removed key stops working. */
const KEY_SET_MAX_AGE_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;
/** After a failed fetch the provider counts as down this long: answers that need it are 503 without asking. */
export const PROVIDER_DOWN_MS = 5_000;
const SIGNING_KEY_TYPES = new Set(['RSA', 'EC', 'OKP']);

/** The provider could not give a usable key set: a 503 for the caller, never a verdict on the token. */
export class ProviderDown extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the identity provider gave no usable key set');
    this.name = 'ProviderDown';
  }
}

/** Public signing keys of an algorithm we accept; anything else in a set is ignored. */
function usableKeys(body: unknown, algorithms: readonly string[]): JWK[] {
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) return [];
  return keys.filter(
    (key): key is JWK =>
      typeof key === 'object' &&
      key !== null &&
      SIGNING_KEY_TYPES.has(key.kty) &&
      !('d' in key) &&
      (key.use === undefined || key.use === 'sig') &&
      (key.alg === undefined || algorithms.includes(key.alg)),
  );
}

/**
 * The identity provider's key set (RFC 7517), fetched and cached, for jose's `jwtVerify` (threat model T10, T21).
 * Unlike jose's remote set, every fetch counts, failed or not: concurrent needs share one fetch; a token naming
 * an unknown `kid` asks again at most once per `refetchSeconds`; a failed fetch, an answer that is not a key set,
 * and an empty or unusable set all mean the provider is down for `PROVIDER_DOWN_MS`, during which whatever needs
 * it is answered 503 without asking, and the set cached before stays. So tokens naming made-up keys cause a
 * handful of fetches, not one each, and a provider's bad set is never read as "every token is bad".
 */
export function providerKeySet(options: ProviderKeySetOptions): JWTVerifyGetKey {
  const clock = options.clock ?? Date.now;
  const refetchMs = options.refetchSeconds * 1000;
  let cached: { getKey: JWTVerifyGetKey; fetchedAt: number } | undefined;
  let lastAttempt = Number.NEGATIVE_INFINITY;
  let downUntil = 0;
  let lastFailed = false;
  let pending: Promise<void> | undefined;

  const down = () => new ProviderDown(Math.max(1, Math.ceil((downUntil - clock()) / 1000)));

  async function load(): Promise<void> {
    lastAttempt = clock();
    try {
      const response = await fetch(options.url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (response.status !== 200) throw new Error(`the key set answered ${response.status}`);
      const keys = usableKeys(await response.json(), options.algorithms);
      if (keys.length === 0) throw new Error('the key set holds no usable key');
      cached = { getKey: createLocalJWKSet({ keys } satisfies JSONWebKeySet), fetchedAt: clock() };
      lastFailed = false;
    } catch {
      lastFailed = true;
      downUntil = clock() + PROVIDER_DOWN_MS;
      throw down();
    }
  }

  /** One fetch for everyone who needs it now; none while the provider counts as down. */
  function refresh(): Promise<void> {
    if (lastFailed && clock() < downUntil) return Promise.reject(down());
    pending ??= load().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return async (header, token) => {
    if (!cached || clock() - cached.fetchedAt > KEY_SET_MAX_AGE_MS) await refresh();
    try {
      return await cached!.getKey(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      // A key fetched a moment ago from a healthy provider: the token names a key nobody published.
      if (!lastFailed && clock() - lastAttempt < refetchMs) throw error;
      await refresh();
      return cached!.getKey(header, token);
    }
  };
}
