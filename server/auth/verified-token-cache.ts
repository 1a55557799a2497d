import type { LoginUser } from '../domain';

export interface VerifiedTokenCacheOptions {
  /** How many tokens are remembered; the oldest is forgotten first. */
  maxEntries: number;
  /**
   * How long a verification is reused at most, whatever the token's own `exp`: bounds how long a key the identity
   * provider has just removed still lets a token through that was verified under it.
   */
  maxAgeMs: number;
  clock?: () => number;
}

interface Entry {
  user: LoginUser;
  until: number;
}

/**
 * The user each recently verified mobile token named, so a phone's scan and confirm verify its token once: a
 * token is remembered until its `exp` or `maxAgeMs`, whichever comes first. Only verifications that succeeded are
 * kept, so a bad token is checked (and counted against its sender's limit) every time.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: () => number;

  constructor(private readonly options: VerifiedTokenCacheOptions) {
    this.clock = options.clock ?? Date.now;
  }

  get(token: string): LoginUser | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (this.clock() < entry.until) return entry.user;
    this.entries.delete(token);
    return undefined;
  }

  /** `expiresAt`: the token's `exp` in milliseconds. */
  remember(token: string, user: LoginUser, expiresAt: number): void {
    const until = Math.min(expiresAt, this.clock() + this.options.maxAgeMs);
    if (this.options.maxEntries <= 0 || until <= this.clock()) return;
    // A Map iterates in insertion order: the first key is the oldest entry.
    if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { user, until });
  }

  get size(): number {
    return this.entries.size;
  }
}
