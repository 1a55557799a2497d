import calculateSlot from 'cluster-key-slot';
import { closeRedisConnections, openRedisConnections, whenReady } from '../../server/store/redis/connections';
import { redisKeys } from '../../server/store/redis/keys';
import { RedisLoginStore } from '../../server/store/redis/redis-store';
import { loginIn, POLICY } from '../support/login-fixtures';
import { redisEngines, targetOf } from '../support/redis-engines';
import { uniquePrefix } from '../support/server';
import { loginStoreContract } from './login-store.contract';

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

describe('the Redis login store, beyond the contract', () => {
  it('stores a lone UTF-16 surrogate in a user name as U+FFFD, as a plain Redis argument would', async () => {
    const keyPrefix = uniquePrefix();
    const env = redisEngines()[0]![1];
    const connections = openRedisConnections(
      targetOf(env),
      redisKeys(keyPrefix).allChanges,
      calculateSlot,
      () => undefined,
    );
    if (!(await whenReady(connections, 10_000))) throw new Error('Redis is not ready');
    const store = new RedisLoginStore({ connections, keyPrefix });
    try {
      const login = loginIn('pending');
      await store.create(login);
      const user = { id: 'user-surrogate', name: 'half \ud800 of a pair, 😀 whole', picture: '\udfff' };
      const outcome = await store.apply(login.id, 'scan', { kind: 'phone', user }, Date.now(), POLICY);
      const kept = { id: 'user-surrogate', name: 'half \ufffd of a pair, 😀 whole', picture: '\ufffd' };
      expect(outcome.kind === 'changed' && outcome.login.user).toEqual(kept);
      expect((await store.get(login.id))?.user).toEqual(kept);
    } finally {
      await store.close();
      await closeRedisConnections(connections);
    }
  });
});
