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

/** A `TokenIdStore` in this process's memory; entries are dropped once their token has expired. */
export class MemoryTokenIdStore implements TokenIdStore {
  private readonly ids = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async add(id: string, expiresAtMs: number): Promise<boolean> {
    this.dropExpired();
    if (this.ids.has(id)) return false;
    this.ids.set(id, expiresAtMs);
    return true;
  }

  async has(id: string): Promise<boolean> {
    this.dropExpired();
    return this.ids.has(id);
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [id, until] of this.ids) if (until <= now) this.ids.delete(id);
  }
}
