/**
 * Fan-out arm "plain subscriber", the design qr-login uses: the confirm's Lua step writes and PUBLISHes
 * {id, version} on one channel; every instance has one subscriber on it, and the instance whose local
 * room holds the login's browser reads the state (HGETALL) and emits into that room. Socket.IO keeps its
 * default in-memory adapter.
 */
import Redis from 'ioredis';
import { changesChannel, keyPrefix, redisUrl, startFanoutInstance } from './fanout-sockets';

const store = new Redis(redisUrl);
const subscriber = new Redis(redisUrl);
const instance = startFanoutInstance(store, { announce: { channel: changesChannel, message: 'hint' } }, undefined, [
  subscriber,
]);

subscriber.on('message', (_channel: string, message: string) => {
  const { id } = JSON.parse(message) as { id: string };
  if (!instance.namespace.adapter.rooms.has(id)) return;
  // the message is only a hint, as in qr-login: the state pushed is the one read from the store
  store.hgetall(keyPrefix + id).then(
    (record) => instance.namespace.to(id).emit('state', { id, state: record.state, version: Number(record.version) }),
    () => undefined,
  );
});

subscriber.subscribe(changesChannel).then(() => instance.listen());
