import { closeRedisConnections, openRedisConnections, whenReady } from '../../server/store/redis/connections';
import { RedisLoginStore } from '../../server/store/redis/redis-store';
import { uniquePrefix } from '../support/server';
import { loginStoreContract } from './login-store.contract';

loginStoreContract('the Redis', async () => {
  const connections = openRedisConnections(process.env.REDIS_URL!, () => undefined);
  await whenReady(connections, 5_000);
  const store = new RedisLoginStore({ connections, keyPrefix: uniquePrefix() });
  return {
    store,
    async close() {
      await store.close();
      await closeRedisConnections(connections);
    },
  };
});
