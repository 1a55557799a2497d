import { isFinal, toExpiredStatus, toStatus, type LoginStatus } from '../domain';
import type { LoginStore } from '../store/port';

/** Where a room's pushes go; the gateway gives Socket.IO's local rooms, tests may give anything. */
export interface RoomSink {
  emitToRoom(id: string, status: LoginStatus): void;
}

interface Watched {
  sockets: number;
  latest?: LoginStatus;
  expiry?: NodeJS.Timeout;
}

/**
 * The logins that browsers wait on at this instance, with the newest state each has been pushed.
 * Every change, whichever instance made it, arrives through `offer`; only a newer version is pushed, so
 * repeats and stale messages (a reconnect snapshot racing a pub/sub message) are dropped.
 */
export class RoomFanout {
  private readonly watched = new Map<string, Watched>();

  constructor(
    private readonly store: LoginStore,
    private readonly sink: RoomSink,
    private readonly onError: (error: unknown) => void,
    private readonly clock: () => number = Date.now,
  ) {
    store.onChange((status) => this.offer(status));
    store.onResync(() => void this.resync().catch(onError));
  }

  /** A socket starts waiting on `id` (before its snapshot is read, so no change slips between). */
  watch(id: string): void {
    const entry = this.watched.get(id);
    if (entry) entry.sockets += 1;
    else this.watched.set(id, { sockets: 1 });
  }

  unwatch(id: string): void {
    const entry = this.watched.get(id);
    if (!entry) return;
    entry.sockets -= 1;
    if (entry.sockets > 0) return;
    clearTimeout(entry.expiry);
    this.watched.delete(id);
  }

  /** The newest state pushed for `id`, for a socket that joins after it. */
  latest(id: string): LoginStatus | undefined {
    return this.watched.get(id)?.latest;
  }

  /** Pushes `status` to its room if it is newer than what the room has; returns whether it did. */
  offer(status: LoginStatus): boolean {
    const entry = this.watched.get(status.id);
    if (!entry || (entry.latest && entry.latest.version >= status.version)) return false;
    entry.latest = status;
    this.scheduleExpiry(status.id, entry);
    this.sink.emitToRoom(status.id, status);
    return true;
  }

  /** After a gap in pub/sub delivery: re-read every watched login and push what changed meanwhile. */
  async resync(): Promise<void> {
    const ids = [...this.watched.keys()];
    const logins = await this.store.getMany(ids);
    logins.forEach((login, index) => {
      const id = ids[index]!;
      const last = this.watched.get(id)?.latest;
      if (login) this.offer(toStatus(login));
      else if (last && !isFinal(last.state)) this.offer(toExpiredStatus(last));
    });
  }

  /** Rooms hold no key watch in Redis (expiry events are unreliable, T13): a local timer says "expired". */
  private scheduleExpiry(id: string, entry: Watched): void {
    clearTimeout(entry.expiry);
    const latest = entry.latest!;
    if (isFinal(latest.state)) return;
    const delay = Math.max(0, Date.parse(latest.expiresAt) - this.clock());
    entry.expiry = setTimeout(() => this.offer(toExpiredStatus(latest)), delay).unref();
  }

  get size(): number {
    return this.watched.size;
  }
}
