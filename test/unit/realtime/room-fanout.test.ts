import { type Login, type LoginStatus, toStatus } from '../../../server/domain';
import { type LoginFeed, RoomFanout } from '../../../server/realtime/room-fanout';
import type { LoginChange, LoginStore } from '../../../server/store/port';
import { loginIn } from '../../support/login-fixtures';

/**
 * The store as the fan-out sees it: logins to read, a change channel and a resync signal, all driven by the test.
 * A read can be held open (`holdReads`) to play a slow Redis while more changes arrive.
 */
class FakeStore implements LoginStore {
  readonly kind = 'memory' as const;
  readonly logins = new Map<string, Login>();
  reads = 0;
  failReads = false;
  private held: Array<() => void> | undefined;
  private changeListeners: Array<(change: LoginChange) => void> = [];
  private resyncListeners: Array<() => void> = [];

  put(login: Login): void {
    this.logins.set(login.id, structuredClone(login));
  }

  /** Announces a change as pub/sub would: only an id and a version, which the fan-out must not take on trust. */
  announce(change: LoginChange): void {
    for (const listener of this.changeListeners) listener(change);
  }

  /** Says announcements may have been lost, as the Redis subscriber does after it reconnects. */
  subscriptionDropped(): void {
    for (const listener of this.resyncListeners) listener();
  }

  holdReads(): void {
    this.held = [];
  }

  releaseReads(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const release of held) release();
  }

  /** Answers with the login as it was when asked, even if the answer is held back while it moves on. */
  async get(id: string): Promise<Login | undefined> {
    this.reads += 1;
    const login = this.logins.get(id);
    const answer = login && structuredClone(login);
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    if (this.failReads) throw new Error('store unavailable');
    return answer;
  }

  async getMany(ids: readonly string[]): Promise<Array<Login | undefined>> {
    return Promise.all(ids.map((id) => this.get(id)));
  }

  onChange(listener: (change: LoginChange) => void): void {
    this.changeListeners.push(listener);
  }

  onResync(listener: () => void): void {
    this.resyncListeners.push(listener);
  }

  create(): Promise<void> {
    throw new Error('the fan-out never creates');
  }

  apply(): never {
    throw new Error('the fan-out never moves a login');
  }

  reserveUserCode(): never {
    throw new Error('the fan-out never makes user codes');
  }

  findUserCode(): never {
    throw new Error('the fan-out never looks up user codes');
  }

  async ping(): Promise<void> {}

  async ready(): Promise<void> {}

  async close(): Promise<void> {}
}

/** What the service hands the fan-out, over the fake store: each login read and described (no rotation here). */
function feedOver(store: FakeStore): LoginFeed {
  return {
    watchedStatus: async (id) => {
      const login = await store.get(id);
      return login && toStatus(login);
    },
    watchedStatuses: async (ids) => (await store.getMany(ids)).map((login) => login && toStatus(login)),
    // As the service does: a change that comes with the login (vouched for by the store) comes with its status.
    onChange: (listener) =>
      store.onChange(({ id, version, login }) =>
        listener(login ? { id, version, status: toStatus(login) } : { id, version }),
      ),
    onResync: (listener) => store.onResync(listener),
  };
}

/** Every push, in order, as "state@version" so a failure reads like the sequence a browser saw. */
class RecordingSink {
  readonly pushes: LoginStatus[] = [];
  emitToRoom(id: string, status: LoginStatus): void {
    if (status.id !== id) throw new Error(`pushed ${status.id} into the room of ${id}`);
    this.pushes.push(status);
  }
  seen(id?: string): string[] {
    return this.pushes.filter((push) => !id || push.id === id).map((push) => `${push.state}@${push.version}`);
  }
}

/** Lets every settled promise run its continuation: the fan-out's reads are awaited in microtasks. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setUp(now = Date.now(), clock = () => now) {
  const store = new FakeStore();
  const sink = new RecordingSink();
  const errors: unknown[] = [];
  const fanout = new RoomFanout(feedOver(store), sink, (error) => errors.push(error), clock);
  return { store, sink, errors, fanout };
}

/** Browsers wait on `logins`, stored and announced, and have been pushed each one's state. */
async function waitedOn(store: FakeStore, fanout: RoomFanout, logins: Login[]): Promise<void> {
  for (const login of logins) {
    store.put(login);
    fanout.watch(login.id);
    store.announce({ id: login.id, version: login.version });
  }
  await settle();
}

/** The login after the next move: one version on, in `state`. */
const moved = (login: Login, state: Login['state']): Login => ({ ...login, state, version: login.version + 1 });

describe('versions: a room is pushed each version once, in order', () => {
  it('pushes a newer version and drops a repeat or an older one', () => {
    const { sink, fanout } = setUp();
    const scanned = loginIn('scanned');
    fanout.watch(scanned.id);
    const v2 = { id: scanned.id, state: 'scanned', version: 2, expiresAt: scanned.expiresAt };
    expect(fanout.offer(v2 as LoginStatus)).toBe(true);
    expect(fanout.offer(v2 as LoginStatus)).toBe(false);
    expect(fanout.offer({ ...v2, state: 'pending', version: 1 } as LoginStatus)).toBe(false);
    expect(fanout.offer({ ...v2, state: 'confirmed', version: 3 } as LoginStatus)).toBe(true);
    expect(sink.seen()).toEqual(['scanned@2', 'confirmed@3']);
    expect(fanout.latest(scanned.id)).toMatchObject({ state: 'confirmed', version: 3 });
  });

  it('pushes nothing for a login nobody waits on here', async () => {
    const { store, sink, fanout } = setUp();
    const login = loginIn('scanned');
    store.put(login);
    store.announce({ id: login.id, version: login.version });
    await settle();
    expect(store.reads).toBe(0);
    expect(sink.pushes).toEqual([]);
    expect(fanout.size).toBe(0);
  });

  it('pushes what the store holds, not what a change message claims (T15)', async () => {
    const { store, sink, fanout } = setUp();
    const pending = loginIn('pending');
    await waitedOn(store, fanout, [pending]);
    // A forged message claims version 9; the store still holds version 1, already pushed: nothing new goes out.
    store.announce({ id: pending.id, version: 9 });
    await settle();
    expect(sink.seen()).toEqual(['pending@1']);
  });

  it('pushes the status a vouched-for change brings without reading the store, still newest first', async () => {
    const { store, sink, fanout } = setUp();
    const scanned = loginIn('scanned');
    await waitedOn(store, fanout, [scanned]);
    const reads = store.reads;
    const confirmed = moved(scanned, 'confirmed');
    const consumed = moved(confirmed, 'consumed');
    // Out of order (the move's own reply against another instance's message): the older one is dropped.
    store.announce({ id: scanned.id, version: consumed.version, login: consumed });
    store.announce({ id: scanned.id, version: confirmed.version, login: confirmed });
    await settle();
    expect(store.reads).toBe(reads);
    expect(sink.seen()).toEqual(['scanned@2', 'consumed@4']);
  });

  it('does not read the store again for a change it has already pushed', async () => {
    const { store, sink, fanout } = setUp();
    const scanned = loginIn('scanned');
    await waitedOn(store, fanout, [scanned]);
    const reads = store.reads;
    store.announce({ id: scanned.id, version: scanned.version });
    store.announce({ id: scanned.id, version: scanned.version - 1 });
    await settle();
    expect(store.reads).toBe(reads);
    expect(sink.seen()).toEqual(['scanned@2']);
  });

  it('reads one at a time per login; changes during a slow read cost one more read, and arrive in order', async () => {
    const { store, sink, fanout } = setUp();
    const scanned = loginIn('scanned');
    store.put(scanned);
    fanout.watch(scanned.id);
    store.holdReads();
    store.announce({ id: scanned.id, version: 2 });
    // While the slow read of version 2 is out, the login moves twice more.
    const confirmed = moved(scanned, 'confirmed');
    store.put(confirmed);
    store.announce({ id: scanned.id, version: 3 });
    store.put(moved(confirmed, 'consumed'));
    store.announce({ id: scanned.id, version: 4 });
    expect(store.reads).toBe(1);
    store.releaseReads();
    await settle();
    expect(store.reads).toBe(2);
    expect(sink.seen()).toEqual(['scanned@2', 'consumed@4']);
  });
});

describe('resync after the subscription dropped', () => {
  it('re-reads every watched login and pushes only what changed meanwhile', async () => {
    const { store, sink, fanout } = setUp();
    const [quiet, busy] = [loginIn('pending'), loginIn('scanned')];
    await waitedOn(store, fanout, [quiet, busy]);
    // Confirmed while the subscription was down: the announcement never arrived.
    store.put(moved(busy, 'confirmed'));
    store.subscriptionDropped();
    await settle();
    expect(sink.seen(quiet.id)).toEqual(['pending@1']);
    expect(sink.seen(busy.id)).toEqual(['scanned@2', 'confirmed@3']);
  });

  it('tells a waiting browser "expired" for a login that vanished meanwhile, but not one that had ended', async () => {
    const { store, sink, fanout } = setUp();
    const [live, ended] = [loginIn('scanned'), loginIn('denied')];
    await waitedOn(store, fanout, [live, ended]);
    store.logins.clear();
    store.subscriptionDropped();
    await settle();
    expect(sink.seen(live.id)).toEqual(['scanned@2', 'expired@3']);
    expect(sink.seen(ended.id)).toEqual(['denied@2']);
  });

  it('reports a failed read and catches up at the next resync', async () => {
    const { store, sink, errors, fanout } = setUp();
    const pending = loginIn('pending');
    store.put(pending);
    fanout.watch(pending.id);
    store.failReads = true;
    store.put(moved(pending, 'cancelled'));
    store.announce({ id: pending.id, version: 2 });
    await settle();
    expect(errors).toHaveLength(1);
    expect(sink.pushes).toEqual([]);
    store.failReads = false;
    store.subscriptionDropped();
    await settle();
    expect(sink.seen()).toEqual(['cancelled@2']);
  });
});

describe('the expiry timer', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('pushes "expired" with the next version when the pushed state runs out, with no store read', () => {
    const now = Date.now();
    const { store, sink, fanout } = setUp(now);
    const scanned = loginIn('scanned', now, 5_000);
    fanout.watch(scanned.id);
    fanout.offer({ id: scanned.id, state: 'scanned', version: 2, expiresAt: now + 5_000 });
    jest.advanceTimersByTime(4_999);
    expect(sink.seen()).toEqual(['scanned@2']);
    jest.advanceTimersByTime(1);
    expect(sink.seen()).toEqual(['scanned@2', 'expired@3']);
    expect(store.reads).toBe(0);
  });

  it('follows the newest state: a later deadline replaces the earlier one', () => {
    const now = Date.now();
    const { sink, fanout } = setUp(now);
    const id = loginIn('pending').id;
    fanout.watch(id);
    fanout.offer({ id, state: 'pending', version: 1, expiresAt: now + 1_000 });
    fanout.offer({ id, state: 'scanned', version: 2, expiresAt: now + 3_000 });
    jest.advanceTimersByTime(2_000);
    expect(sink.seen()).toEqual(['pending@1', 'scanned@2']);
    jest.advanceTimersByTime(1_000);
    expect(sink.seen()).toEqual(['pending@1', 'scanned@2', 'expired@3']);
  });

  it('sets no timer once the login has ended', () => {
    const now = Date.now();
    const { sink, fanout } = setUp(now);
    const id = loginIn('confirmed').id;
    fanout.watch(id);
    fanout.offer({ id, state: 'consumed', version: 4, expiresAt: now + 1_000 });
    jest.advanceTimersByTime(10_000);
    expect(sink.seen()).toEqual(['consumed@4']);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('the one timer of a waiting login', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('reads the login when its QR rotates, and still pushes "expired" when that read brought nothing new', async () => {
    const now = Date.now();
    const { store, sink, fanout } = setUp(now, Date.now);
    const pending = loginIn('pending', now, 5_000);
    store.put(pending);
    fanout.watch(pending.id);
    // A rotation due at +1 s; the feed here does not rotate, so the read at +1 s answers the same status.
    fanout.offer({ id: pending.id, state: 'pending', version: 1, expiresAt: now + 5_000, rotatesAt: now + 1_000 });
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(1_100);
    expect(store.reads).toBe(1);
    expect(sink.seen()).toEqual(['pending@1']);
    await jest.advanceTimersByTimeAsync(3_900);
    expect(sink.seen()).toEqual(['pending@1', 'expired@2']);
    expect(store.reads).toBe(1);
  });
});

describe('a rotation the join can turn', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('pushes each new QR content at its turn with no store read, then "expired" at the end', async () => {
    const now = Date.now();
    const { store, sink, fanout } = setUp(now, Date.now);
    const pending = loginIn('pending', now, 2_500);
    fanout.watch(pending.id);
    const turner = {
      turn: (status: LoginStatus, at: number) => {
        const rotation = Math.floor((at - now) / 1_000);
        return { ...status, content: `qr-${rotation}`, rotation, rotatesAt: now + (rotation + 1) * 1_000 };
      },
    };
    fanout.offer({ ...turner.turn(toStatus(pending), now), expiresAt: now + 2_500 }, turner);
    await jest.advanceTimersByTimeAsync(2_500);
    expect(sink.pushes.map((push) => push.content ?? push.state)).toEqual(['qr-0', 'qr-1', 'qr-2', 'expired']);
    expect(store.reads).toBe(0);
  });
});

describe('unwatch', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('keeps a room while any socket waits on it, then forgets it, its timer and its changes', async () => {
    const now = Date.now();
    const { store, sink, fanout } = setUp(now);
    const pending = loginIn('pending', now, 1_000);
    fanout.watch(pending.id);
    fanout.watch(pending.id);
    fanout.offer({ id: pending.id, state: 'pending', version: 1, expiresAt: now + 1_000 });
    fanout.unwatch(pending.id);
    expect(fanout.size).toBe(1);
    expect(fanout.latest(pending.id)).toMatchObject({ version: 1 });

    fanout.unwatch(pending.id);
    expect(fanout.size).toBe(0);
    expect(fanout.latest(pending.id)).toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(5_000);

    store.put(moved(pending, 'scanned'));
    store.announce({ id: pending.id, version: 2 });
    await jest.runAllTimersAsync();
    expect(store.reads).toBe(0);
    expect(sink.seen()).toEqual(['pending@1']);
  });

  it('ignores an unwatch for a login nobody waits on', () => {
    const { fanout } = setUp();
    fanout.unwatch(loginIn('pending').id);
    expect(fanout.size).toBe(0);
  });
});
