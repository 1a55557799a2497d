/**
 * The HTTP paths the load generator calls, done as cheaply as possible on plain node:http: create,
 * scan, confirm, status and a /metrics line with the heap. Shared by the bench's own servers (the
 * floor and the fan-out arms) so they differ only in how a change reaches the browser.
 * No framework, no JWT check (the phone's Authorization header is taken as its user), no limits, no image.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type Redis from 'ioredis';

/** A login's new state, as the instance that changed it knows it. */
export interface Change {
  id: string;
  state: string;
  version: number;
}

export interface MimicApiOptions {
  store: Redis;
  /** prefix of every login hash; the same on instances that share the logins */
  keyPrefix: string;
  ttlSeconds: number;
  /**
   * Where the transition step PUBLISHes each change from inside Redis: `message` "full" sends
   * {id, state, version}, "hint" sends {id, version} as qr-login does. Absent: no PUBLISH at all.
   */
  announce?: { channel: string; message: 'full' | 'hint' };
  /** Runs at the instance that made a change, before the phone is answered. */
  afterChange?: (change: Change) => void;
}

/** One atomic step: check the current state (and the scanning user), move on, bump the version, maybe announce. */
const transitionScript = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return {'not_found'} end
if state ~= ARGV[1] then return {'conflict', state} end
if ARGV[1] == 'scanned' and redis.call('HGET', KEYS[1], 'user') ~= ARGV[3] then return {'forbidden'} end
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'user', ARGV[3])
if ARGV[5] ~= '' then
  local change = {id = ARGV[4], version = version}
  if ARGV[6] == 'full' then change.state = ARGV[2] end
  redis.call('PUBLISH', ARGV[5], cjson.encode(change))
end
return {'ok', tostring(version)}
`;

function reply(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** A node:http server answering the generator's paths; the caller attaches its sockets and listens. */
export function createMimicApi(options: MimicApiOptions): http.Server {
  const { store, keyPrefix, ttlSeconds, announce, afterChange } = options;

  async function create(response: http.ServerResponse): Promise<void> {
    const id = randomUUID();
    const secret = randomBytes(24).toString('base64url');
    const key = keyPrefix + id;
    await store.multi().hset(key, 'state', 'pending', 'secret', secret, 'version', '1').expire(key, ttlSeconds).exec();
    reply(response, 201, { id, secret, content: `bench:${id}`, expiresAt: Date.now() + ttlSeconds * 1000 });
  }

  async function transition(
    response: http.ServerResponse,
    id: string,
    from: string,
    to: string,
    user: string,
  ): Promise<void> {
    const args = [from, to, user, id, announce?.channel ?? '', announce?.message ?? ''];
    const result = (await store.eval(transitionScript, 1, keyPrefix + id, ...args)) as string[];
    if (result[0] !== 'ok')
      return reply(response, result[0] === 'not_found' ? 404 : result[0] === 'forbidden' ? 403 : 409, {
        error: { code: result[0] },
      });
    afterChange?.({ id, state: to, version: Number(result[1]) });
    reply(response, 200, { id, state: to });
  }

  async function status(response: http.ServerResponse, id: string, secret: string | undefined): Promise<void> {
    const record = await store.hgetall(keyPrefix + id);
    if (!record.state) return reply(response, 404, { error: { code: 'not_found' } });
    if (record.secret !== secret) return reply(response, 403, { error: { code: 'forbidden' } });
    reply(response, 200, { id, state: record.state, version: Number(record.version) });
  }

  async function route(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0]!;
    const [, api, qr, id, action] = path.split('/');
    const user = request.headers.authorization ?? '';
    if (path === '/metrics') {
      response.end(`nodejs_heap_size_used_bytes ${process.memoryUsage().heapUsed}\n`);
    } else if (api !== 'api' || qr !== 'qr') {
      reply(response, 404, { error: { code: 'not_found' } });
    } else if (request.method === 'POST' && !id) {
      await create(response);
    } else if (request.method === 'POST' && id && action === 'scan') {
      await transition(response, id, 'pending', 'scanned', user);
    } else if (request.method === 'POST' && id && action === 'confirm') {
      await transition(response, id, 'scanned', 'confirmed', user);
    } else if (request.method === 'GET' && id && !action) {
      await status(response, id, request.headers['x-qr-secret'] as string | undefined);
    } else {
      reply(response, 404, { error: { code: 'not_found' } });
    }
  }

  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      route(request, response).catch((error) => reply(response, 500, { error: { code: String(error) } })),
    );
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

/** The login's current state for a browser that proves it holds the secret; undefined otherwise. */
export async function readForBrowser(
  store: Redis,
  keyPrefix: string,
  id: string,
  secret: unknown,
): Promise<Change | undefined> {
  const record = await store.hgetall(keyPrefix + id);
  if (!record.state || record.secret !== secret) return undefined;
  return { id, state: record.state, version: Number(record.version) };
}
