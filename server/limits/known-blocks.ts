/** More addresses than a minute of any flood this instance could answer; past it the oldest are forgotten. */
const MAX_BLOCKED_KEYS = 100_000;

/**
 * The keys this instance has seen run out of a failure allowance, and until when: a check asks them, not Redis,
 * so a call that has not failed costs no round trip. The count itself stays in Redis, shared by every instance;
 * a key that ran out at another instance is learned here at its first failure here (that failure's own count
 * says so), so across N instances a key gets at most N - 1 more failures a window than its allowance.
 */
export class KnownBlocks {
  private readonly until = new Map<string, number>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** How long `key` stays refused (ms), or 0 when it is not known to be. */
  remainingMs(key: string): number {
    const until = this.until.get(key);
    if (until === undefined) return 0;
    const left = until - this.clock();
    if (left > 0) return left;
    this.until.delete(key);
    return 0;
  }

  block(key: string, forMs: number): void {
    if (this.until.size >= MAX_BLOCKED_KEYS) this.until.delete(this.until.keys().next().value!);
    this.until.set(key, this.clock() + forMs);
  }
}
