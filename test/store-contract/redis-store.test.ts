import { randomBytes } from 'node:crypto';
import calculateSlot from 'cluster-key-slot';
import { Redis } from 'ioredis';
import type { LoginChange } from '../../server/store/port';
import { closeRedisConnections, openRedisConnections, whenReady } from '../../server/store/redis/connections';
import { redisKeys } from '../../server/store/redis/keys';
import { RedisLoginStore } from '../../server/store/redis/redis-store';
import { actorFor, loginIn, POLICY, SCANNER } from '../support/login-fixtures';
import { redisEngines, targetOf } from '../support/redis-engines';
import { uniquePrefix } from '../support/server';
import { loginStoreContract, movedFields } from './login-store.contract';

for (const [engine, env] of redisEngines()) {
  loginStoreContract(`the Redis (on ${engine})`, async () => {
    const keyPrefix = uniquePrefix();
    const channels = redisKeys(keyPrefix).allChanges;
    const connections = openRedisConnections(targetOf(env), channels, calculateSlot, () => undefined);
    if (!(await whenReady(connections, 10_000))) throw new Error(`${engine} is not ready`);
    const store = new RedisLoginStore({ connections, keyPrefix });
    return {
      store,
      async close() {
        await store.close();
        await closeRedisConnections(connections);
      },
    };
  });
}

/** A store of its own (own connections) on `keyPrefix`, as another instance would hold it. */
async function instance(keyPrefix: string, changeMessageKey?: Buffer) {
  const env = redisEngines()[0]![1];
  const connections = openRedisConnections(
    targetOf(env),
    redisKeys(keyPrefix).allChanges,
    calculateSlot,
    () => undefined,
  );
  if (!(await whenReady(connections, 10_000))) throw new Error('Redis is not ready');
  await connections.hints.whenLive(10_000);
  const store = new RedisLoginStore({ connections, keyPrefix, changeMessageKey });
  return { store, close: () => store.close().then(() => closeRedisConnections(connections)) };
}

/** The first change of login `id` that `store` hears. */
const firstChange = (store: RedisLoginStore, id: string) =>
  new Promise<LoginChange>((resolve) => store.onChange((change) => change.id === id && resolve(change)));

describe('the Redis login store, beyond the contract', () => {
  it("hears another instance's move with the login only when the message verifies under its key", async () => {
    const keyPrefix = uniquePrefix();
    const key = randomBytes(32);
    const [mover, sharing, stranger] = await Promise.all([
      instance(keyPrefix, key),
      instance(keyPrefix, key),
      instance(keyPrefix, randomBytes(32)),
    ]);
    try {
      const login = loginIn('pending');
      await mover.store.create(login);
      const heard = [firstChange(sharing.store, login.id), firstChange(stranger.store, login.id)];
      await mover.store.apply(login.id, 'scan', actorFor('scan', true), Date.now(), POLICY);
      const [bySharing, byStranger] = await Promise.all(heard);
      expect(bySharing).toEqual({ id: login.id, version: 2, login: movedFields((await mover.store.get(login.id))!) });
      expect(byStranger).toEqual({ id: login.id, version: 2 });
    } finally {
      await Promise.all([mover.close(), sharing.close(), stranger.close()]);
    }
  });

  it("tells another instance why a login was denied, inside the message's MAC", async () => {
    const keyPrefix = uniquePrefix();
    const key = randomBytes(32);
    const [mover, sharing] = await Promise.all([instance(keyPrefix, key), instance(keyPrefix, key)]);
    const match = { ...POLICY, requireCheckCode: true };
    const phone = (checkCode?: string) => ({ kind: 'phone' as const, user: { ...SCANNER }, checkCode });
    try {
      for (const [pick, action, denialReason] of [
        ['24', 'confirm', 'wrong_check_code'],
        [undefined, 'deny', 'declined'],
      ] as const) {
        const login = loginIn('pending');
        await mover.store.create(login);
        await mover.store.apply(login.id, 'scan', phone('42'), Date.now(), match);
        const heard = new Promise<LoginChange>((resolve) =>
          sharing.store.onChange((change) => change.id === login.id && change.version === 3 && resolve(change)),
        );
        await mover.store.apply(login.id, action, phone(pick), Date.now(), match);
        expect((await heard).login).toMatchObject({ state: 'denied', denialReason });
      }
    } finally {
      await Promise.all([mover.close(), sharing.close()]);
    }
  });

  it('stores a lone UTF-16 surrogate in a user name as U+FFFD, as a plain Redis argument would', async () => {
    const { store, close } = await instance(uniquePrefix());
    try {
      const login = loginIn('pending');
      await store.create(login);
      const user = { id: 'user-surrogate', name: 'half \ud800 of a pair, 😀 whole', picture: '\udfff' };
      const outcome = await store.apply(login.id, 'scan', { kind: 'phone', user }, Date.now(), POLICY);
      const kept = { id: 'user-surrogate', name: 'half \ufffd of a pair, 😀 whole', picture: '\ufffd' };
      expect(outcome.kind === 'changed' && outcome.login.user).toEqual(kept);
      expect((await store.get(login.id))?.user).toEqual(kept);
    } finally {
      await close();
    }
  });
  describe('reads only the change messages someone here needs', () => {
    /**
     * Publishes a hint about a login no one moved on `changeOf`'s channel after everything published so far, and
     * resolves once `store` has passed it on: messages on one channel arrive in the order they were published.
     */
    async function flushed(store: RedisLoginStore, keyPrefix: string, changeOf: string): Promise<void> {
      const marker = `marker-${randomBytes(4).toString('hex')}`;
      const arrived = new Promise<void>((resolve) => store.onChange((change) => change.id === marker && resolve()));
      const publisher = new Redis(redisEngines()[0]![1].REDIS_URL!);
      try {
        await publisher.spublish(redisKeys(keyPrefix).changes(changeOf), JSON.stringify({ id: marker, version: 1 }));
        await arrived;
      } finally {
        publisher.disconnect();
      }
    }

    it("tells its listeners of its own move once: the move's message coming back is dropped unread", async () => {
      const keyPrefix = uniquePrefix();
      const mover = await instance(keyPrefix, randomBytes(32));
      try {
        const login = loginIn('pending');
        await mover.store.create(login);
        const heard: LoginChange[] = [];
        mover.store.onChange((change) => change.id === login.id && heard.push(change));
        await mover.store.apply(login.id, 'scan', actorFor('scan', true), Date.now(), POLICY);
        await flushed(mover.store, keyPrefix, login.id);
        expect(heard.map((change) => [change.id, change.version, change.login?.state])).toEqual([
          [login.id, 2, 'scanned'],
        ]);
      } finally {
        await mover.close();
      }
    });

    it('leaves out the changes of logins its listeners do not wait on, and passes on those they do', async () => {
      const keyPrefix = uniquePrefix();
      const key = randomBytes(32);
      const [mover, other] = await Promise.all([instance(keyPrefix, key), instance(keyPrefix, key)]);
      try {
        const [waited, ignored] = [loginIn('pending'), loginIn('pending')];
        await Promise.all([mover.store.create(waited), mover.store.create(ignored)]);
        const heard: string[] = [];
        other.store.onChange(
          (change) => heard.push(change.id),
          (id) => id === waited.id || id.startsWith('marker-'),
        );
        await mover.store.apply(ignored.id, 'scan', actorFor('scan', true), Date.now(), POLICY);
        await mover.store.apply(waited.id, 'scan', actorFor('scan', true), Date.now(), POLICY);
        await flushed(other.store, keyPrefix, waited.id);
        await flushed(other.store, keyPrefix, ignored.id);
        expect(heard.filter((id) => !id.startsWith('marker-'))).toEqual([waited.id]);
      } finally {
        await Promise.all([mover.close(), other.close()]);
      }
    });
  });
});
