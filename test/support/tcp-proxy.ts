import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy between the service and Redis that can misbehave on demand, as a network does: it holds bytes
 * (pause), delays them, drops every connection, or refuses new ones. Each direction keeps its byte order.
 */
export interface FaultyProxy {
  /** `redis://127.0.0.1:<port>`: give it to the service instead of Redis's own URL. */
  url: string;
  /** Holds every byte in both directions (connections stay open) until `resume`. */
  pause(): void;
  resume(): void;
  /** Every byte from now on arrives this much later. */
  delay(ms: number): void;
  /** Cuts every open connection. */
  dropAll(): void;
  /** While on, new connections are closed as soon as they open. */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

interface Direction {
  held: Buffer[];
  /** When the last scheduled chunk goes out: later chunks never overtake it. */
  releaseAt: number;
}

export async function startFaultyProxy(target: { host: string; port: number }): Promise<FaultyProxy> {
  const open = new Set<Socket>();
  const directions = new Set<{ direction: Direction; to: Socket }>();
  let paused = false;
  let refusing = false;
  let delayMs = 0;

  const send = (direction: Direction, to: Socket, chunk: Buffer) => {
    if (paused) return void direction.held.push(chunk);
    const at = Math.max(direction.releaseAt, Date.now() + delayMs);
    direction.releaseAt = at;
    if (at <= Date.now()) return void to.write(chunk);
    setTimeout(() => to.destroyed || to.write(chunk), at - Date.now());
  };

  const pipe = (from: Socket, to: Socket) => {
    const entry = { direction: { held: [], releaseAt: 0 } as Direction, to };
    directions.add(entry);
    from.on('data', (chunk: Buffer) => send(entry.direction, to, chunk));
    from.on('close', () => {
      directions.delete(entry);
      to.destroy();
    });
    from.on('error', () => undefined);
  };

  const server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `redis://127.0.0.1:${port}`,
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      for (const { direction, to } of directions) {
        for (const chunk of direction.held.splice(0)) send(direction, to, chunk);
      }
    },
    delay: (ms) => {
      delayMs = ms;
    },
    dropAll: () => {
      for (const socket of open) socket.destroy();
    },
    refuse: (on) => {
      refusing = on;
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
