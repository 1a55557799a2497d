/**
 * The "floor": the least a push login service can do, used as the yardstick beside qr-login.
 * A bare `ws` server, plain node:http for the same HTTP paths the generator calls (mimic-api.ts), one
 * ioredis subscriber and one Lua transition step per state change that publishes the new state itself.
 * Started by the benchmark as its own process: PORT, REDIS_URL, TTL_SECONDS.
 */
import Redis from 'ioredis';
import { type WebSocket, WebSocketServer } from 'ws';
import { createMimicApi, readForBrowser } from './mimic-api';

const port = Number(process.env.PORT);
const redisUrl = process.env.REDIS_URL!;
const ttlSeconds = Number(process.env.TTL_SECONDS ?? 600);
const keyPrefix = `floor:${process.pid}:`;
const channel = `${keyPrefix}events`;

const store = new Redis(redisUrl);
const subscriber = new Redis(redisUrl);
const socketsById = new Map<string, WebSocket>();

subscriber.on('message', (_channel: string, message: string) => {
  const id = (JSON.parse(message) as { id: string }).id;
  socketsById.get(id)?.send(message);
});

const server = createMimicApi({ store, keyPrefix, ttlSeconds, announce: { channel, message: 'full' } });

const sockets = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });
sockets.on('connection', (socket, request) => {
  const query = new URL(request.url ?? '', 'http://floor').searchParams;
  const id = query.get('id') ?? '';
  readForBrowser(store, keyPrefix, id, query.get('secret')).then(
    (current) => {
      if (!current) return socket.close(4003, 'forbidden');
      socketsById.set(id, socket);
      socket.on('close', () => socketsById.delete(id));
      socket.send(JSON.stringify(current));
    },
    () => socket.close(1011, 'store'),
  );
});

subscriber.subscribe(channel).then(() => server.listen(port, '127.0.0.1'));
process.on('SIGTERM', () => {
  sockets.close();
  server.close();
  store.disconnect();
  subscriber.disconnect();
  process.exit(0);
});
