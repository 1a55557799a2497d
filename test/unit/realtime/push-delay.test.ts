import type { LoginStatus } from '../../../server/domain';
import { type LoginChange, type LoginFeed, RoomFanout } from '../../../server/realtime/room-fanout';

const ID = '0b7e2c1e-6a51-4c7b-9d5e-3f1a2b4c5d6e';
const status = (version: number, state: LoginStatus['state'] = 'scanned'): LoginStatus => ({
  id: ID,
  state,
  version,
  expiresAt: 61_000, // a minute after the test clock starts
});

/** A feed whose store read finishes when the test says so, on a clock the test moves. */
function setUp() {
  let now = 1_000;
  let announce: (change: LoginChange) => void = () => {};
  let resync: () => void = () => {};
  let finishRead: (value: LoginStatus) => void = () => {};
  const feed: LoginFeed = {
    watchedStatus: () => new Promise((resolve) => (finishRead = resolve)),
    watchedStatuses: async (ids) => ids.map(() => status(5)),
    onChange: (listener) => (announce = listener),
    onResync: (listener) => (resync = listener),
  };
  const delays: number[] = [];
  const pushed: LoginStatus[] = [];
  const fanout = new RoomFanout(
    feed,
    { emitToRoom: (_id, pushedStatus) => pushed.push(pushedStatus) },
    () => undefined,
    () => now,
    (delayMs) => delays.push(delayMs),
  );
  fanout.watch(ID);
  return {
    fanout,
    delays,
    pushed,
    announce: (change: LoginChange) => announce(change),
    resync: () => resync(),
    finishRead: (value: LoginStatus) => finishRead(value),
    advance: (ms: number) => (now += ms),
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('push delay (qr_push_delay_seconds)', () => {
  it('times a hint from when it is heard to its push, store read included', async () => {
    const room = setUp();
    room.announce({ id: ID, version: 2 });
    room.advance(40);
    room.finishRead(status(2));
    await settle();
    expect(room.pushed.map((pushed) => pushed.version)).toEqual([2]);
    expect(room.delays).toEqual([40]);
  });

  it('times a change that brings its state (an own move, a verified message) at once', () => {
    const room = setUp();
    room.announce({ id: ID, version: 3, status: status(3) });
    expect(room.delays).toEqual([0]);
  });

  it('counts only the first hint of a burst, and nothing for pushes no change announced', async () => {
    const room = setUp();
    room.announce({ id: ID, version: 2 });
    room.advance(10);
    room.announce({ id: ID, version: 3 });
    room.advance(10);
    room.finishRead(status(3));
    await settle();
    expect(room.delays).toEqual([20]);
    room.resync();
    await settle();
    expect(room.pushed.map((pushed) => pushed.version)).toEqual([3, 5]);
    expect(room.delays).toEqual([20]);
  });
});
