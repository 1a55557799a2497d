import calculateSlot from 'cluster-key-slot';
import { closeRedisConnections, openRedisConnections, whenReady } from '../../server/store/redis/connections';
import { redisKeys } from '../../server/store/redis/keys';
import { RedisLoginStore } from '../../server/store/redis/redis-store';
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
