/**
 * The "floor": the least a push login service can do, used as the yardstick beside qr-login.
 * A bare `ws` server, plain node:http for the same HTTP paths the generator calls, one ioredis
 * subscriber and one Lua transition step per state change. No framework, no JWT checks, no rate
 * limits, no QR image. Started by the benchmark as its own process: PORT, REDIS_URL, TTL_SECONDS.
 */
import http from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import Redis from "ioredis";
import { WebSocketServer, type WebSocket } from "ws";

const port = Number(process.env.PORT);
const redisUrl = process.env.REDIS_URL!;
const ttlSeconds = Number(process.env.TTL_SECONDS ?? 600);
const keyPrefix = `floor:${process.pid}:`;
const channel = `${keyPrefix}events`;

/** One atomic step: check the current state (and the scanning user), move on, bump the version, announce. */
const transitionScript = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return {'not_found'} end
if state ~= ARGV[1] then return {'conflict', state} end
if ARGV[1] == 'scanned' and redis.call('HGET', KEYS[1], 'user') ~= ARGV[3] then return {'forbidden'} end
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'user', ARGV[3])
redis.call('PUBLISH', KEYS[2], cjson.encode({id = ARGV[4], state = ARGV[2], version = version}))
return {'ok', tostring(version)}
`;

const store = new Redis(redisUrl);
const subscriber = new Redis(redisUrl);
const socketsById = new Map<string, WebSocket>();

subscriber.on("message", (_channel: string, message: string) => {
  const id = (JSON.parse(message) as { id: string }).id;
  socketsById.get(id)?.send(message);
});

function reply(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

async function create(response: http.ServerResponse): Promise<void> {
  const id = randomUUID();
  const secret = randomBytes(24).toString("base64url");
  const key = keyPrefix + id;
  await store.multi().hset(key, "state", "pending", "secret", secret, "version", "1").expire(key, ttlSeconds).exec();
  reply(response, 201, { id, secret, content: `floor:${id}`, expiresAt: Date.now() + ttlSeconds * 1000 });
}

async function transition(response: http.ServerResponse, id: string, from: string, to: string, user: string): Promise<void> {
  const result = (await store.eval(transitionScript, 2, keyPrefix + id, channel, from, to, user, id)) as string[];
  if (result[0] === "ok") reply(response, 200, { id, state: to });
  else reply(response, result[0] === "not_found" ? 404 : result[0] === "forbidden" ? 403 : 409, { error: { code: result[0] } });
}

async function status(response: http.ServerResponse, id: string, secret: string | undefined): Promise<void> {
  const record = await store.hgetall(keyPrefix + id);
  if (!record.state) return reply(response, 404, { error: { code: "not_found" } });
  if (record.secret !== secret) return reply(response, 403, { error: { code: "forbidden" } });
  reply(response, 200, { id, state: record.state, version: Number(record.version) });
}

async function route(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const path = (request.url ?? "").split("?")[0]!;
  const [, api, qr, id, action] = path.split("/");
  const user = request.headers.authorization ?? "";
  if (path === "/metrics") {
    response.end(`nodejs_heap_size_used_bytes ${process.memoryUsage().heapUsed}\n`);
  } else if (api !== "api" || qr !== "qr") {
    reply(response, 404, { error: { code: "not_found" } });
  } else if (request.method === "POST" && !id) {
    await create(response);
  } else if (request.method === "POST" && id && action === "scan") {
    await transition(response, id, "pending", "scanned", user);
  } else if (request.method === "POST" && id && action === "confirm") {
    await transition(response, id, "scanned", "confirmed", user);
  } else if (request.method === "GET" && id && !action) {
    await status(response, id, request.headers["x-qr-secret"] as string | undefined);
  } else {
    reply(response, 404, { error: { code: "not_found" } });
  }
}

const server = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => route(request, response).catch((error) => reply(response, 500, { error: { code: String(error) } })));
});
server.keepAliveTimeout = 60_000;

const sockets = new WebSocketServer({ server, path: "/ws", perMessageDeflate: false });
sockets.on("connection", (socket, request) => {
  const query = new URL(request.url ?? "", "http://floor").searchParams;
  const id = query.get("id") ?? "";
  store.hgetall(keyPrefix + id).then(
    (record) => {
      if (!record.state || record.secret !== query.get("secret")) return socket.close(4003, "forbidden");
      socketsById.set(id, socket);
      socket.on("close", () => socketsById.delete(id));
      socket.send(JSON.stringify({ id, state: record.state, version: Number(record.version) }));
    },
    () => socket.close(1011, "store"),
  );
});

subscriber.subscribe(channel).then(() => server.listen(port, "127.0.0.1"));
process.on("SIGTERM", () => {
  sockets.close();
  server.close();
  store.disconnect();
  subscriber.disconnect();
  process.exit(0);
});
