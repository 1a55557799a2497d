/**
 * Every Redis key and channel name is made here, under one prefix, so instances sharing a prefix act as one.
 *
 * Redis Cluster: every key of a login carries its bucket as hash tag (`qr:{a3f}:login:<id>`), and so does the
 * channel its changes are announced on (`qr:{a3f}:changes`), so one Lua step can write the login and
 * SPUBLISH in its own slot. The 1,024 buckets are a fixed set of sharded channels that every instance holds
 * (docs/benchmarks.md, "Scale": measured against one channel per waiting login).
 */
export interface RedisKeys {
  login(id: string): string;
  /** A user code's binding to its login id: a plain string key with the login's TTL, alone in its slot. */
  userCode(code: string): string;
  /** The sharded channel announcing changes of the login `id`. */
  changes(id: string): string;
  /** Every change channel, for the subscriber. */
  readonly allChanges: readonly string[];
  /** Where the rate limit `name` keeps its counts (rate-limiter-flexible appends the counted key). */
  rateLimit(name: string): string;
  /** A user's sessions: one hash, field = session id (token `jti`), so every step on them is one key. */
  sessions(userId: string): string;
  /** Ended sessions are announced here (plain PUBLISH) for relying services that listen on Redis. */
  readonly sessionsEnded: string;
  /** A user's recent QR-login events (a stream). */
  audit(userId: string): string;
}

export const BUCKETS = 1024;

/** FNV-1a of the id, in 10 bits: any id (even a made-up one) maps to one of the buckets, evenly for UUIDs. */
export function bucketOf(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return ((hash >>> 0) % BUCKETS).toString(16).padStart(3, '0');
}

export function redisKeys(prefix: string): RedisKeys {
  const channel = (bucket: string) => `${prefix}{${bucket}}:changes`;
  return {
    login: (id) => `${prefix}{${bucketOf(id)}}:login:${id}`,
    changes: (id) => channel(bucketOf(id)),
    allChanges: Array.from({ length: BUCKETS }, (_, n) => channel(n.toString(16).padStart(3, '0'))),
    rateLimit: (name) => `${prefix}limit:${name}`,
    userCode: (code) => `${prefix}user-code:${code}`,
    sessions: (userId) => `${prefix}sessions:${userId}`,
    sessionsEnded: `${prefix}sessions-ended`,
    audit: (userId) => `${prefix}audit:${userId}`,
  };
}
