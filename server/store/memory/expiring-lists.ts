const SWEEP_INTERVAL_MS = 60_000;

/**
 * Per-user lists whose entries expire: reads see only what is still kept, and users with nothing left are
 * dropped, each user on access and every user at most once a minute on writes, so memory stays bounded by
 * the users active within a lifetime without a timer to stop.
 */
export class ExpiringLists<T> {
  private readonly byUser = new Map<string, T[]>();
  private lastSweep = 0;

  constructor(private readonly kept: (entry: T, now: number) => boolean) {}

  get(userId: string, now: number): T[] {
    const entries = (this.byUser.get(userId) ?? []).filter((entry) => this.kept(entry, now));
    if (entries.length === 0) this.byUser.delete(userId);
    return entries;
  }

  set(userId: string, entries: T[], now: number): void {
    if (entries.length === 0) this.byUser.delete(userId);
    else this.byUser.set(userId, entries);
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    for (const user of [...this.byUser.keys()]) this.get(user, now);
  }
}
