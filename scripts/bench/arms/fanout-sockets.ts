/**
 * What the two fan-out arms share: the mimic API, Socket.IO on namespace `/qr` with `auth: {id, secret}`
 * (the product's protocol, so the generator's browsers are the same as qr-login's), each socket in the
 * room of its login, and a snapshot `state` on connect. The arms differ only in how a change made at
 * one instance reaches the room at another. Env: PORT, REDIS_URL, KEY_PREFIX (the same on both instances),
 * PING_INTERVAL_MS and PING_TIMEOUT_MS.
 */
import type Redis from 'ioredis';
import { Server, type ServerOptions } from 'socket.io';
import { createMimicApi, type MimicApiOptions, readForBrowser } from './mimic-api';

export const redisUrl = process.env.REDIS_URL!;
export const keyPrefix = process.env.KEY_PREFIX ?? `fanout:${process.pid}:`;
export const changesChannel = `${keyPrefix}changes`;

/** PING_INTERVAL_MS / PING_TIMEOUT_MS when given (the socketio arm takes qr-login's); else Socket.IO's own. */
function heartbeat(): Partial<ServerOptions> {
  const interval = Number(process.env.PING_INTERVAL_MS);
  const timeout = Number(process.env.PING_TIMEOUT_MS);
  return interval > 0 && timeout > 0 ? { pingInterval: interval, pingTimeout: timeout } : {};
}

export interface FanoutInstance {
  store: Redis;
  /** the `/qr` namespace: `namespace.to(id).emit("state", ...)` reaches a login's browsers */
  namespace: ReturnType<Server['of']>;
  listen(): void;
}

/** Builds one instance; `announce`/`afterChange` and the Socket.IO adapter are the design under test. */
export function startFanoutInstance(
  store: Redis,
  change: Pick<MimicApiOptions, 'announce' | 'afterChange'>,
  adapter?: ServerOptions['adapter'],
  closeAlso: Redis[] = [],
): FanoutInstance {
  const server = createMimicApi({ store, keyPrefix, ttlSeconds: 600, ...change });
  const io = new Server(server, { serveClient: false, ...heartbeat(), ...(adapter ? { adapter } : {}) });
  const namespace = io.of('/qr');
  namespace.use((socket, next) => {
    const { id, secret } = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    readForBrowser(store, keyPrefix, String(id), secret).then(
      (current) => {
        if (!current) return next(new Error('forbidden'));
        socket.data = current;
        next();
      },
      (error: Error) => next(error),
    );
  });
  namespace.on('connection', (socket) => {
    socket.join(socket.data.id);
    socket.emit('state', socket.data);
  });
  process.on('SIGTERM', () => {
    io.close();
    for (const connection of [store, ...closeAlso]) connection.disconnect();
    process.exit(0);
  });
  return { store, namespace, listen: () => server.listen(Number(process.env.PORT), '127.0.0.1') };
}
