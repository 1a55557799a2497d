import { isFinal, type LoginStatus, toExpiredStatus } from '../domain';

/**
 * Where the fan-out reads the logins it pushes: the service, so each push is what the socket's first status
 * would be (with the QR content of a waiting login). Never the store itself.
 */
export interface LoginFeed {
  watchedStatus(id: string): Promise<LoginStatus | undefined>;
  watchedStatuses(ids: readonly string[]): Promise<Array<LoginStatus | undefined>>;
  /**
   * That a login moved: an id and a version, a hint never taken on trust (T15); `status` only when the service
   * vouches for it (an authenticated change message, or this instance's own move).
   */
  onChange(listener: (change: LoginChange) => void, wants?: (id: string) => boolean): void;
  /** Hints may have been lost (pub/sub restarted, reads failed): every watched login should be read again. */
  onResync(listener: () => void): void;
}

export interface LoginChange {
  id: string;
  version: number;
  status?: LoginStatus;
}

/** How a waiting login's QR content turns without a store read (the service's QrTurn). */
export interface QrTurner {
  turn(status: LoginStatus, now: number): LoginStatus;
}

/** Where a room's pushes go; the gateway gives Socket.IO's local rooms, tests may give anything. */
export interface RoomSink {
  emitToRoom(id: string, status: LoginStatus): void;
}

interface Watched {
  sockets: number;
  latest?: LoginStatus;
  /**
   * One timer a login, for whichever comes first: the pushed state running out ("expired"), or a waiting login's
   * QR content rotating (read and push the new one). One, not two: a waiting browser should cost little memory.
   */
  wake?: NodeJS.Timeout;
  /** How its QR turns, when the socket's join brought it: a rotation is then pushed without a store read. */
  qrTurn?: QrTurner;
  /** A store read for this login is under way; `readAgain` asks for one more when it ends. */
  reading?: boolean;
  readAgain?: boolean;
  /** The first change heard and not pushed yet: its version and when it was heard, to time its push. */
  heard?: { version: number; at: number };
}

/** A resync that fails (Redis away) is tried again after these waits, doubling up to the last. */
const RESYNC_RETRY_FIRST_MS = 100;
const RESYNC_RETRY_MAX_MS = 5_000;

/** Read a rotated login a moment after its turn, so the read surely sees the new step. */
const ROTATION_SLACK_MS = 20;

/** Newer: a later version, or at the same version a later QR rotation. */
function isNewer(status: LoginStatus, than: LoginStatus): boolean {
  if (status.version !== than.version) return status.version > than.version;
  return (status.rotation ?? 0) > (than.rotation ?? 0);
}

/**
 * The logins that browsers wait on at this instance, with the newest state each has been pushed.
 * A change message is only a hint (T15: anyone on the Redis network can publish one): the state pushed is the one
 * read from the store, or the one a change brought that the service vouches for. Only a newer version is pushed,
 * so repeats and stale reads are dropped.
 */
export class RoomFanout {
  private readonly watched = new Map<string, Watched>();
  /** Counts resyncs started: a newer one (or `stop`) ends the retries of an older one. */
  private resyncRun = 0;

  constructor(
    private readonly feed: LoginFeed,
    private readonly sink: RoomSink,
    private readonly onError: (error: unknown) => void,
    private readonly clock: () => number = Date.now,
    /** How long a change heard here took to be pushed (a store read in `hint` mode, a busy event loop). */
    private readonly onPushDelay: (delayMs: number) => void = () => {},
  ) {
    feed.onChange(
      (change) => this.hint(change),
      (id) => this.watched.has(id),
    );
    feed.onResync(() => void this.resync());
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
    clearTimeout(entry.wake);
    this.watched.delete(id);
  }

  /** The newest state pushed for `id`, for a socket that joins after it. */
  latest(id: string): LoginStatus | undefined {
    return this.watched.get(id)?.latest;
  }

  /** Pushes `status` (read from the store) to its room if it is newer than what the room has; returns whether it did. */
  offer(status: LoginStatus, qrTurn?: QrTurner): boolean {
    const entry = this.watched.get(status.id);
    if (entry && qrTurn) entry.qrTurn ??= qrTurn;
    if (!entry || (entry.latest && !isNewer(status, entry.latest))) return false;
    entry.latest = status;
    this.scheduleWake(status.id, entry);
    this.sink.emitToRoom(status.id, status);
    if (entry.heard && status.version >= entry.heard.version) {
      this.onPushDelay(this.clock() - entry.heard.at);
      entry.heard = undefined;
    }
    return true;
  }

  /**
   * After a gap in pub/sub delivery or in store reads: re-read every watched login and push what changed
   * meanwhile. A push missed now is never sent again, so a failed re-read is retried with backoff until one
   * succeeds (or a newer resync takes over).
   */
  async resync(): Promise<void> {
    const run = ++this.resyncRun;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.rereadWatched();
        return;
      } catch (error) {
        this.onError(error);
      }
      const waitMs = Math.min(RESYNC_RETRY_FIRST_MS * 2 ** attempt, RESYNC_RETRY_MAX_MS);
      await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
      if (run !== this.resyncRun) return;
    }
  }

  /** Ends resync retries and expiry timers, at shutdown. */
  stop(): void {
    this.resyncRun += 1;
    for (const entry of this.watched.values()) clearTimeout(entry.wake);
  }

  private async rereadWatched(): Promise<void> {
    const ids = [...this.watched.keys()];
    const statuses = await this.feed.watchedStatuses(ids);
    statuses.forEach((status, index) => {
      this.settle(ids[index]!, status);
    });
  }

  get size(): number {
    return this.watched.size;
  }

  /**
   * A login we wait on moved: push the status it came with, or else read it, one read at a time per login, and
   * read again if it moved meanwhile.
   */
  private hint(change: LoginChange): void {
    const entry = this.watched.get(change.id);
    if (!entry || (entry.latest && entry.latest.version >= change.version)) return;
    entry.heard ??= { version: change.version, at: this.clock() };
    if (change.status) {
      this.offer(change.status);
      return;
    }
    if (entry.reading) {
      entry.readAgain = true;
      return;
    }
    void this.read(change.id, entry);
  }

  private async read(id: string, entry: Watched): Promise<void> {
    entry.reading = true;
    try {
      do {
        entry.readAgain = false;
        this.settle(id, await this.feed.watchedStatus(id));
      } while (entry.readAgain && this.watched.get(id) === entry);
    } catch (error) {
      // Redis is away: the store asks for a resync once commands work again, which pushes whatever changed.
      this.onError(error);
    } finally {
      entry.reading = false;
      // A rotation read that pushed nothing new (or failed) still leaves the expiry timed; the next rotation then
      // comes with the next change or resync, never as a busy loop of reads.
      if (!entry.wake && entry.latest && this.watched.get(id) === entry) this.scheduleWake(id, entry, true);
    }
  }

  /** Pushes what the store says; a login that is gone has expired, unless it had already ended. */
  private settle(id: string, status: LoginStatus | undefined): void {
    const last = this.watched.get(id)?.latest;
    if (status) this.offer(status);
    else if (last && !isFinal(last.state)) this.offer(toExpiredStatus(last));
  }

  /**
   * Rooms hold no key watch in Redis (expiry events are unreliable, T13): a local timer says "expired". A rotating
   * QR's next content is not a change in the store: at the moment it takes over, its status with the new content is
   * pushed, turned here when the join brought the login's QrTurner, else read again (once per login, not per
   * socket).
   */
  private scheduleWake(id: string, entry: Watched, expiryOnly = false): void {
    clearTimeout(entry.wake);
    entry.wake = undefined;
    const latest = entry.latest!;
    if (isFinal(latest.state)) return;
    const rotatesAt = latest.state === 'pending' && !expiryOnly ? latest.rotatesAt : undefined;
    const rotatesFirst = rotatesAt !== undefined && rotatesAt < latest.expiresAt;
    const wakeAt = rotatesFirst ? rotatesAt + ROTATION_SLACK_MS : latest.expiresAt;
    entry.wake = setTimeout(this.onWake, Math.max(0, wakeAt - this.clock()), id, entry, rotatesFirst).unref();
  }

  /** One function for every timer (no closure per login). */
  private readonly onWake = (id: string, entry: Watched, rotated: boolean): void => {
    if (this.watched.get(id) !== entry) return;
    if (!rotated) {
      this.offer(toExpiredStatus(entry.latest!));
      return;
    }
    entry.wake = undefined;
    const latest = entry.latest!;
    if (entry.qrTurn && latest.state === 'pending') {
      // A rotation that turns nothing (a clock that disagrees) leaves the expiry timed, never a loop.
      if (!this.offer(entry.qrTurn.turn(latest, this.clock()))) this.scheduleWake(id, entry, true);
      return;
    }
    if (entry.reading) entry.readAgain = true;
    else void this.read(id, entry);
  };
}
