/**
 * Where the verifier keeps token ids (`jti`) until their token expires: those already taken, and those whose
 * session ended. The default keeps them in this process's memory; with several instances of your site, back it
 * with what they share (for Redis: `SET key 1 PXAT <expiresAtMs> NX` answers `add` in one step).
 */
export interface TokenIdStore {
  /** Adds `id` until `expiresAtMs` (epoch milliseconds); resolves false when it was already there. Atomic. */
  add(id: string, expiresAtMs: number): Promise<boolean>;
  has(id: string): Promise<boolean>;
}

/** Expired entries are swept at most this often; a lookup checks its own entry's expiry anyway. */
const SWEEP_EVERY_MS = 60_000;

/** A `TokenIdStore` in this process's memory; entries go once their token has expired. */
export class MemoryTokenIdStore implements TokenIdStore {
  private readonly ids = new Map<string, number>();
  private nextSweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async add(id: string, expiresAtMs: number): Promise<boolean> {
    if (await this.has(id)) return false;
    this.ids.set(id, expiresAtMs);
    return true;
  }

  async has(id: string): Promise<boolean> {
    const now = this.now();
    if (now >= this.nextSweepAt) this.sweep(now);
    const until = this.ids.get(id);
    if (until === undefined) return false;
    if (until > now) return true;
    this.ids.delete(id);
    return false;
  }

  private sweep(now: number): void {
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [id, until] of this.ids) if (until <= now) this.ids.delete(id);
  }
}
