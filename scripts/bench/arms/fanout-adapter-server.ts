/**
 * Fan-out arm "@socket.io/redis-adapter": the confirm's Lua step only writes; the instance that handled
 * the confirm emits to the login's room and the adapter carries the packet through Redis to the instance
 * whose room holds the browser. ADAPTER_MODE "classic" is `createAdapter` (PUBLISH, every instance
 * PSUBSCRIBEs one pattern per namespace); "sharded" is `createShardedAdapter` (SPUBLISH, Redis 7), whose
 * default "dynamic" mode SSUBSCRIBEs one channel per room, so only the instance holding the room hears it.
 */

import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { redisUrl, startFanoutInstance } from './fanout-sockets';

const mode = process.env.ADAPTER_MODE ?? 'classic';
if (mode !== 'classic' && mode !== 'sharded') throw new Error(`ADAPTER_MODE must be classic or sharded, not ${mode}`);

const store = new Redis(redisUrl);
const subscriber = new Redis(redisUrl);
// the command connection publishes too, as a service would share it
const adapter = mode === 'sharded' ? createShardedAdapter(store, subscriber) : createAdapter(store, subscriber);
// the adapter's (P/S)SUBSCRIBE is queued before any browser connects, and confirms come seconds later
const instance = startFanoutInstance(
  store,
  { afterChange: (change) => instance.namespace.to(change.id).emit('state', change) },
  adapter,
  [subscriber],
);
instance.listen();
