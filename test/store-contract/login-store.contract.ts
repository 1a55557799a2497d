import type { Login } from '../../server/domain';
import type { LoginChange, LoginStore, MovedLogin } from '../../server/store/port';
import { actorFor, loginIn, POLICY, SCANNER } from '../support/login-fixtures';
import { ACTIONS, BY_RIGHTFUL_ACTOR, BY_WRONG_ACTOR, STORED_STATES, TARGET } from '../support/transition-matrix';

export interface StoreUnderTest {
  store: LoginStore;
  close(): Promise<void>;
}

/** What a change's login must agree on with the stored one (the fields of the browser's status). */
export function movedFields(login: Login): MovedLogin {
  const { id, state, version, expiresAt, user, checkCode, denialReason } = login;
  return {
    id,
    state,
    version,
    expiresAt,
    ...(user && { user }),
    ...(checkCode && { checkCode }),
    ...(denialReason && { denialReason }),
  };
}

/** Collects changes announced by a store, and resolves once one for `id` at `version` has arrived. */
function changeLog(store: LoginStore) {
  const seen: LoginChange[] = [];
  const waiters: Array<() => void> = [];
  store.onChange((change) => {
    seen.push(change);
    for (const wake of waiters.splice(0)) wake();
  });
  const has = (id: string, version: number) => seen.some((s) => s.id === id && s.version === version);
  return {
    seen,
    until(id: string, version: number, timeoutMs = 3_000): Promise<LoginChange> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no change ${id}@${version}`)), timeoutMs);
        const check = () => {
          if (!has(id, version)) return waiters.push(check);
          clearTimeout(timer);
          resolve(seen.find((s) => s.id === id && s.version === version)!);
        };
        check();
      });
    },
  };
}

/** One behaviour suite for every LoginStore adapter: both must be indistinguishable to the service. */
export function loginStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name} login store`, () => {
    let subject: StoreUnderTest;
    let store: LoginStore;
    let changes: ReturnType<typeof changeLog>;

    beforeAll(async () => {
      subject = await open();
      store = subject.store;
      changes = changeLog(store);
    });
    afterAll(() => subject.close());

    async function stored(login: Login): Promise<Login> {
      await store.create(login);
      return login;
    }

    it('keeps a login as it was created and forgets it at the end of its life', async () => {
      const now = Date.now();
      const login = await stored(loginIn('scanned', now, 300));
      expect(await store.get(login.id)).toEqual(login);
      const expired = await new Promise<Login | undefined>((resolve) => {
        setTimeout(() => resolve(store.get(login.id)), login.expiresAt - Date.now() + 50);
      });
      expect(expired).toBeUndefined();
      const moved = await store.apply(login.id, 'confirm', actorFor('confirm', true), Date.now(), POLICY);
      expect(moved).toEqual({ kind: 'refused', refusal: { reason: 'not_found' } });
    });

    it('reads many logins at once, missing ones as undefined', async () => {
      const a = await stored(loginIn('pending'));
      const b = await stored(loginIn('confirmed'));
      expect(await store.getMany([a.id, 'f3b0c442-98fc-4c14-9afb-4c8996fb9242', b.id])).toEqual([a, undefined, b]);
    });

    describe.each([
      ['the rightful actor', true, BY_RIGHTFUL_ACTOR],
      ['the wrong actor', false, BY_WRONG_ACTOR],
    ] as const)('moves by %s', (_who, rightful, table) => {
      const cases = ACTIONS.flatMap((action) =>
        STORED_STATES.map((state) => [action, state, table[action][state]] as const),
      );

      it.each(cases)('%s from %s is %s, atomically stored and announced', async (action, state, expected) => {
        const login = await stored(loginIn(state));
        const outcome = await store.apply(login.id, action, actorFor(action, rightful), Date.now(), POLICY);
        const after = await store.get(login.id);
        if (expected === 'changed') {
          expect(outcome.kind).toBe('changed');
          expect(after).toMatchObject({ state: TARGET[action], version: login.version + 1 });
          expect(outcome.kind === 'changed' && outcome.login).toEqual(after);
          const change = await changes.until(login.id, login.version + 1);
          expect(change).toMatchObject({ id: login.id, version: login.version + 1 });
          if (change.login) expect(change.login).toMatchObject(movedFields(after!));
          return;
        }
        expect(after).toEqual(login);
        if (expected === 'repeated') expect(outcome).toEqual({ kind: 'repeated', login });
        else if (expected === 'conflict')
          expect(outcome).toEqual({ kind: 'refused', refusal: { reason: 'conflict', state } });
        else expect(outcome).toEqual({ kind: 'refused', refusal: { reason: 'forbidden' } });
      });
    });

    it('binds the scanning user with name and picture', async () => {
      const login = await stored(loginIn('pending'));
      const outcome = await store.apply(login.id, 'scan', actorFor('scan', true), Date.now(), POLICY);
      expect(outcome.kind === 'changed' && outcome.login.user).toEqual(SCANNER);
      expect((await store.get(login.id))?.user).toEqual(SCANNER);
    });

    it('keeps a user name and picture exactly, whatever characters they hold', async () => {
      const user = {
        id: 'user-"odd"\\id',
        name: 'Zoë "Q" \\ O\'Brien {"a":[1]} 山田太郎 👩🏽‍💻 \u0000\u0001\t\n\u001f\u007f',
        picture: 'https://example.test/p?q="x"&y=\\u00e9#😀',
      };
      const login = await stored(loginIn('pending'));
      const outcome = await store.apply(login.id, 'scan', { kind: 'phone', user }, Date.now(), POLICY);
      expect(outcome.kind === 'changed' && outcome.login.user).toEqual(user);
      expect((await store.get(login.id))?.user).toEqual(user);
    });

    it('announces a change with its id and version, and a login only as the move left it', async () => {
      const login = await stored(loginIn('pending'));
      await store.apply(login.id, 'scan', actorFor('scan', true), Date.now(), POLICY);
      await changes.until(login.id, 2);
      const stored2 = movedFields((await store.get(login.id))!);
      for (const change of changes.seen.filter((one) => one.id === login.id)) {
        expect(change).toMatchObject({ version: 2 });
        if (change.login) expect(change.login).toMatchObject(stored2);
      }
    });

    it('shortens the login to the decision window when it is scanned', async () => {
      const login = await stored(loginIn('pending', Date.now(), 60_000));
      const now = Date.now();
      const outcome = await store.apply(login.id, 'scan', actorFor('scan', true), now, {
        ...POLICY,
        confirmWindowSeconds: 0.4,
      });
      expect(outcome.kind === 'changed' && outcome.login.expiresAt).toBe(now + 400);
      expect((await store.get(login.id))?.expiresAt).toBe(now + 400);
      const gone = await new Promise((resolve) => setTimeout(() => resolve(store.get(login.id)), 500));
      expect(gone).toBeUndefined();
    });

    it('lets exactly one of many racing scans claim a login', async () => {
      const login = await stored(loginIn('pending'));
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, n) =>
          store.apply(login.id, 'scan', { kind: 'phone', user: { id: `racer-${n}` } }, Date.now(), POLICY),
        ),
      );
      expect(outcomes.filter((o) => o.kind === 'changed')).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === 'refused' && o.refusal.reason === 'forbidden')).toHaveLength(9);
      expect((await store.get(login.id))?.version).toBe(2);
    });

    it('lets exactly one of many racing token exchanges consume a login', async () => {
      const login = await stored(loginIn('confirmed'));
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () =>
          store.apply(login.id, 'consume', actorFor('consume', true), Date.now(), POLICY),
        ),
      );
      expect(outcomes.filter((o) => o.kind === 'changed')).toHaveLength(1);
      // The others are repeats of that one move: they see the moment it happened, which fixes the token.
      const repeats = outcomes.filter((o) => o.kind === 'repeated');
      expect(repeats).toHaveLength(19);
      const changed = outcomes.find((o) => o.kind === 'changed')!;
      expect(new Set(repeats.map((o) => o.login.changedAt))).toEqual(new Set([changed.login.changedAt]));
    });

    it('keeps a confirmed or consumed login for the exchange grace, even past its end', async () => {
      const now = Date.now();
      const login = await stored(loginIn('scanned', now, 1_000));
      const confirmed = await store.apply(login.id, 'confirm', actorFor('confirm', true), now + 900, POLICY);
      expect(confirmed).toMatchObject({
        kind: 'changed',
        login: { expiresAt: now + 900 + POLICY.exchangeGraceSeconds * 1000 },
      });
      const consumed = await store.apply(login.id, 'consume', actorFor('consume', true), now + 1_500, POLICY);
      expect(consumed).toMatchObject({
        kind: 'changed',
        login: { expiresAt: now + 1_500 + POLICY.exchangeGraceSeconds * 1000 },
      });
      expect(await store.get(login.id)).toMatchObject({ state: 'consumed', changedAt: now + 1_500 });
    });

    describe('user codes', () => {
      it('binds a code to one login until it ends, and refuses it to another meanwhile', async () => {
        const code = `CODE${Math.random().toString(36).slice(2, 8)}`;
        const first = await stored(loginIn('pending'));
        const expiresAt = Date.now() + 400;
        expect(await store.reserveUserCode(code, first.id, expiresAt)).toBe(true);
        expect(await store.findUserCode(code)).toBe(first.id);
        expect(await store.reserveUserCode(code, 'another-login', expiresAt)).toBe(false);
        expect(await store.findUserCode(code)).toBe(first.id);
        expect(await store.findUserCode(`${code}X`)).toBeUndefined();
        const gone = await new Promise((resolve) => setTimeout(() => resolve(store.findUserCode(code)), 500));
        expect(gone).toBeUndefined();
        expect(await store.reserveUserCode(code, 'another-login', Date.now() + 1000)).toBe(true);
      });
    });

    describe('the check code (number matching)', () => {
      const MATCH = { ...POLICY, requireCheckCode: true };
      const phone = (checkCode?: string) => ({ kind: 'phone' as const, user: { ...SCANNER }, checkCode });

      async function scannedWithCode(code: string): Promise<Login> {
        const login = await stored(loginIn('pending'));
        const outcome = await store.apply(login.id, 'scan', phone(code), Date.now(), MATCH);
        expect(outcome.kind === 'changed' && outcome.login.checkCode).toBe(code);
        return (await store.get(login.id))!;
      }

      it('binds the code at the scan, and a repeated scan keeps the first one', async () => {
        const login = await scannedWithCode('42');
        const again = await store.apply(login.id, 'scan', phone('77'), Date.now(), MATCH);
        expect(again).toEqual({ kind: 'repeated', login });
        expect((await store.get(login.id))?.checkCode).toBe('42');
      });

      it('confirms with the right pick', async () => {
        const login = await scannedWithCode('42');
        const outcome = await store.apply(login.id, 'confirm', phone('42'), Date.now(), MATCH);
        expect(outcome.kind).toBe('changed');
        expect(await store.get(login.id)).toMatchObject({ state: 'confirmed', version: login.version + 1 });
      });

      it('denies on a wrong pick, announced like any change', async () => {
        const login = await scannedWithCode('42');
        const outcome = await store.apply(login.id, 'confirm', phone('24'), Date.now(), MATCH);
        const after = await store.get(login.id);
        expect(after).toMatchObject({ state: 'denied', version: login.version + 1, denialReason: 'wrong_check_code' });
        expect(outcome).toEqual({ kind: 'wrong_pick', login: after });
        const change = await changes.until(login.id, login.version + 1);
        if (change.login) expect(change.login).toMatchObject(movedFields(after!));
      });

      it('keeps why a login was denied: a wrong pick and a decline are told apart', async () => {
        const declined = await scannedWithCode('42');
        const outcome = await store.apply(declined.id, 'deny', phone(), Date.now(), MATCH);
        expect(outcome.kind === 'changed' && outcome.login.denialReason).toBe('declined');
        expect((await store.get(declined.id))?.denialReason).toBe('declined');
        const change = await changes.until(declined.id, declined.version + 1);
        if (change.login) expect(change.login).toMatchObject({ state: 'denied', denialReason: 'declined' });
        // A repeated deny answers the same, reason and all.
        const again = await store.apply(declined.id, 'deny', phone(), Date.now(), MATCH);
        expect(again.kind === 'repeated' && again.login.denialReason).toBe('declined');
        // A right pick leaves no reason behind.
        const confirmed = await scannedWithCode('42');
        await store.apply(confirmed.id, 'confirm', phone('42'), Date.now(), MATCH);
        expect((await store.get(confirmed.id))?.denialReason).toBeUndefined();
      });

      it('refuses a confirm without a pick when one is required, and changes nothing', async () => {
        const login = await scannedWithCode('42');
        const outcome = await store.apply(login.id, 'confirm', phone(), Date.now(), MATCH);
        expect(outcome).toEqual({ kind: 'refused', refusal: { reason: 'check_code_required' } });
        expect(await store.get(login.id)).toEqual(login);
      });

      it('confirms without a pick when none is required (display mode), or when the login has no code', async () => {
        const shown = await scannedWithCode('42');
        expect((await store.apply(shown.id, 'confirm', phone(), Date.now(), POLICY)).kind).toBe('changed');
        const plain = await stored(loginIn('scanned'));
        expect((await store.apply(plain.id, 'confirm', phone('13'), Date.now(), MATCH)).kind).toBe('changed');
      });
    });

    it('answers a ping while it is up', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
