import http from 'node:http';
import { eventually } from './eventually';
import { QrApi } from './qr-api';
import type { ServerProcess } from './server-process';

/** A client of one worker of a `WORKERS` > 1 server: its one kept-alive connection was accepted by that worker. */
export interface PinnedWorker {
  pid: number;
  api: QrApi;
  /** Browser sockets this worker holds now (its `qr_sockets_connected`). */
  socketsHeld(): Promise<number>;
  close(): void;
}

/** The worker that answered the request `requestId`, from the access log line it wrote. */
async function answeredBy(server: ServerProcess, requestId: string): Promise<number> {
  const line = () => server.logs.find((one) => one.includes(`"requestId":"${requestId}"`));
  await eventually(async () => line() !== undefined, 5_000);
  return Number(/"pid":(\d+)/.exec(line()!)?.[1]);
}

function pin(pid: number, api: QrApi, agent: http.Agent): PinnedWorker {
  return {
    pid,
    api,
    async socketsHeld() {
      const held = /^qr_sockets_connected(?:\{[^}]*\})? (\d+)/m.exec(await api.metrics())?.[1];
      if (held === undefined) throw new Error(`worker ${pid} reports no qr_sockets_connected`);
      return Number(held);
    },
    close: () => agent.destroy(),
  };
}

/**
 * One client per worker. node:cluster hands each new connection to a worker in turn, so fresh one-connection
 * agents reach every worker in a few tries; the server's keep-alive timeout must outlast their use.
 */
export async function pinEveryWorker(server: ServerProcess, pids: ReadonlySet<number>): Promise<PinnedWorker[]> {
  const pinned = new Map<number, PinnedWorker>();
  for (let attempt = 1; pinned.size < pids.size; attempt += 1) {
    if (attempt > 10 * pids.size) throw new Error(`reached ${pinned.size} of ${pids.size} workers in ${attempt} tries`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const api = new QrApi(server.url, agent);
    const requestId = `pin-${attempt}-${Date.now()}`;
    await api.send('GET', '/healthz', { headers: { 'x-request-id': requestId } });
    const pid = await answeredBy(server, requestId);
    if (pinned.has(pid) || !pids.has(pid)) agent.destroy();
    else pinned.set(pid, pin(pid, api, agent));
  }
  return [...pinned.values()];
}
