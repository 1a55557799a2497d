import { randomUUID } from 'node:crypto';
import type { Session } from '../../server/domain';
import type { SessionStore } from '../../server/store/session-port';

export interface SessionStoreUnderTest {
  store: SessionStore;
  close(): Promise<void>;
}

const POLICY = { maxSessionsPerUser: 3 };
const HOUR = 3_600_000;

function sessionOf(userId: string, createdAt: number, lifetimeMs = HOUR): Session {
  return {
    id: randomUUID(),
    userId,
    createdAt,
    expiresAt: createdAt + lifetimeMs,
    ip: '198.51.100.7',
    browser: 'Firefox 140',
    os: 'Linux',
    site: 'https://shop.example',
  };
}

/** One behaviour suite for every SessionStore adapter: both must look the same to the service. */
export function sessionStoreContract(name: string, open: () => Promise<SessionStoreUnderTest>): void {
  describe(`${name} session store`, () => {
    let subject: SessionStoreUnderTest;
    let store: SessionStore;
    let user: string;

    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    });
    afterAll(() => subject.close());
    beforeEach(() => {
      user = `user-${randomUUID()}`;
    });

    it('lists a recorded session as it was recorded, newest first', async () => {
      const now = Date.now();
      const older = sessionOf(user, now - 2_000);
      const newer = sessionOf(user, now - 1_000);
      await store.record(older, now, POLICY);
      await store.record(newer, now, POLICY);
      expect(await store.list(user, now)).toEqual([newer, older]);
      expect(await store.get(user, older.id, now)).toEqual(older);
    });

    it('records a retried session once and never revives one that was ended', async () => {
      const now = Date.now();
      const session = sessionOf(user, now);
      expect(await store.record(session, now, POLICY)).toEqual({ recorded: true, ended: [] });
      expect(await store.record(session, now, POLICY)).toEqual({ recorded: false, ended: [] });
      expect(await store.list(user, now)).toHaveLength(1);
      await store.end(user, [session.id], now + 1);
      expect(await store.record(session, now + 2, POLICY)).toEqual({ recorded: false, ended: [] });
      expect(await store.list(user, now + 2)).toEqual([]);
    });

    it('ends the oldest live sessions past the per-user bound', async () => {
      const now = Date.now();
      const sessions = [0, 1, 2, 3, 4].map((n) => sessionOf(user, now - 10_000 + n));
      const results = [];
      for (const session of sessions) results.push(await store.record(session, now, POLICY));
      expect(results.map((r) => r.ended.map((s) => s.id))).toEqual([[], [], [], [sessions[0]!.id], [sessions[1]!.id]]);
      expect(results[3]!.ended[0]).toEqual({ ...sessions[0], endedAt: now, endReason: 'limit' });
      expect((await store.list(user, now)).map((s) => s.id)).toEqual([4, 3, 2].map((n) => sessions[n]!.id));
      expect(await store.get(user, sessions[0]!.id, now)).toMatchObject({ endReason: 'limit' });
    });

    it('keeps the bound when many sessions of one user are recorded at once', async () => {
      const now = Date.now();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, n) => store.record(sessionOf(user, now + n), now, POLICY)),
      );
      expect(await store.list(user, now)).toHaveLength(POLICY.maxSessionsPerUser);
      expect(results.flatMap((r) => r.ended)).toHaveLength(12 - POLICY.maxSessionsPerUser);
    });

    it('ends one session of the user and ignores the ids of other users', async () => {
      const now = Date.now();
      const mine = sessionOf(user, now);
      const theirs = sessionOf(`other-${user}`, now);
      await store.record(mine, now, POLICY);
      await store.record(theirs, now, POLICY);
      expect(await store.end(user, [theirs.id], now)).toEqual([]);
      expect(await store.get(user, theirs.id, now)).toBeUndefined();
      expect(await store.list(theirs.userId, now)).toEqual([theirs]);
      expect(await store.end(user, [mine.id], now + 5)).toEqual([{ ...mine, endedAt: now + 5, endReason: 'revoked' }]);
      expect(await store.end(user, [mine.id], now + 6)).toEqual([]);
      expect(await store.get(user, mine.id, now + 6)).toMatchObject({ endedAt: now + 5, endReason: 'revoked' });
    });

    it('ends all live sessions of the user at once and nothing when given no ids', async () => {
      const now = Date.now();
      const sessions = [sessionOf(user, now), sessionOf(user, now + 1)];
      for (const session of sessions) await store.record(session, now, POLICY);
      expect(await store.end(user, [], now)).toEqual([]);
      const ended = await store.end(user, 'all', now + 2);
      expect(ended.map((s) => s.id).sort()).toEqual(sessions.map((s) => s.id).sort());
      expect(await store.list(user, now + 2)).toEqual([]);
      expect(await store.end(user, 'all', now + 3)).toEqual([]);
    });

    it('forgets a session once its token has expired', async () => {
      const now = Date.now();
      const session = sessionOf(user, now, 300);
      await store.record(session, now, POLICY);
      expect(await store.get(user, session.id, now + 299)).toEqual(session);
      expect(await store.get(user, session.id, now + 300)).toBeUndefined();
      expect(await store.list(user, now + 300)).toEqual([]);
      expect(await store.end(user, 'all', now + 300)).toEqual([]);
    });

    it('keeps ended sessions as tombstones, at most as many as the bound, the oldest forgotten first', async () => {
      const now = Date.now();
      const sessions = Array.from({ length: 10 }, (_, n) => sessionOf(user, now + n));
      for (const [n, session] of sessions.entries()) await store.record(session, now + n, POLICY);
      const found = await Promise.all(sessions.map((s) => store.get(user, s.id, now + 10)));
      expect(found.map((s) => (s === undefined ? 'forgotten' : (s.endReason ?? 'live')))).toEqual([
        ...Array(4).fill('forgotten'),
        ...Array(3).fill('limit'),
        ...Array(3).fill('live'),
      ]);
    });
  });
}
