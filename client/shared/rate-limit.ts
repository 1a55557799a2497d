/** Where the caller stands against one of the service's rate limits, as its RateLimit header fields say. */
export interface RateLimitStanding {
  /** The limit's name, e.g. `mobile-calls-per-user`. */
  policy: string;
  /** Requests allowed per window (`q`), when the service named the policy. */
  quota?: number;
  /** The window's length in seconds (`w`), when the service named the policy. */
  windowSeconds?: number;
  /** Requests left in this window (`r`). */
  remaining: number;
  /** Seconds until the window resets (`t`). */
  resetSeconds: number;
}

/** One list member of a RateLimit field: a quoted name and its `;key=value` parameters. */
const MEMBER = /"((?:[^"\\]|\\.)*)"((?:\s*;\s*[a-z][a-z0-9_*-]*=[^;,]*)*)/g;

function members(header: string | null): Map<string, Record<string, number>> {
  const found = new Map<string, Record<string, number>>();
  for (const [, name, params] of (header ?? '').matchAll(MEMBER)) {
    const values: Record<string, number> = {};
    for (const param of params!.split(';').slice(1)) {
      const [key, value] = param.split('=').map((part) => part.trim());
      if (/^\d+$/.test(value ?? '')) values[key!] = Number(value);
    }
    found.set(name!.replace(/\\(.)/g, '$1'), values);
  }
  return found;
}

/**
 * Reads the `RateLimit` and `RateLimit-Policy` header fields (IETF httpapi draft) of an answer: one standing per
 * limit the request counted against, empty when the service sent none (that limit turned off).
 */
export function rateLimitStandings(headers: { get(name: string): string | null }): RateLimitStanding[] {
  const policies = members(headers.get('ratelimit-policy'));
  const standings: RateLimitStanding[] = [];
  for (const [policy, { r, t }] of members(headers.get('ratelimit'))) {
    if (r === undefined || t === undefined) continue;
    const { q, w } = policies.get(policy) ?? {};
    standings.push({ policy, quota: q, windowSeconds: w, remaining: r, resetSeconds: t });
  }
  return standings;
}
