import type { Server as HttpServer } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { Server, type Socket } from 'socket.io';
import { isFinal, type LoginStatus } from '../domain';
import type { Limit } from '../limits/rate-limits';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { inSpan, SpanKind } from '../observability/tracing';
import { LoginError, notFound, wrongSecret } from '../service/errors';
import type { LoginService } from '../service/login-service';
import type { ClientIpResolver } from '../transport/client-ip';
import { DeadlineQueue } from '../transport/deadline-queue';
import { isLoginId } from '../transport/login-id';
import { originAllowed } from '../transport/origin';
import { toStatusBody } from '../transport/status-body';
import {
  browserSecret,
  QR_NAMESPACE,
  type QrClientToServerEvents,
  type QrConnectErrorData,
  type QrServerToClientEvents,
} from '../wire';
import type { QrTurner, RoomFanout, RoomSink } from './room-fanout';

interface SocketData {
  id: string;
  /** Only between the handshake and the connection. */
  snapshot?: LoginStatus;
  qrTurn?: QrTurner;
  lostBeforeConnecting?: () => void;
}
type QrSocket = Socket<QrClientToServerEvents, QrServerToClientEvents, Record<string, never>, SocketData>;

/** Clients send nothing after connecting; anything bigger than a handshake is abuse (threat model T11). */
const MAX_PACKET_BYTES = 16 * 1024;

export interface GatewayOptions {
  service: LoginService;
  corsOrigins: string[];
  logger: Logger;
  metrics: Metrics;
  clientIp: ClientIpResolver;
  /** Spends one `/qr` join of the client's address; throws LoginError('rate_limited') past the limit. */
  limitConnects?: Limit;
  /** Spends one Engine.IO handshake of the client's address, before any namespace is joined. */
  limitHandshakes?: Limit;
  /** An Engine.IO session that has not asked to join `/qr` within this is closed. */
  joinTimeoutMs: number;
  /** True while the server holds more connections than its cap: new sessions are then refused. */
  overCapacity?: () => boolean;
  /** How often each browser is pinged, and how long its answer may take before it counts as gone. */
  heartbeat?: { intervalMs: number; timeoutMs: number };
}

/**
 * Once authenticated a socket needs nothing of its HTTP upgrade request: dropping the references lets the
 * request and its headers be collected (Socket.IO's own advice on memory use), a few KiB per waiting browser.
 */
function forgetUpgradeRequest(socket: QrSocket): void {
  (socket.conn as unknown as { request: unknown }).request = null;
  (socket.handshake as { headers: unknown }).headers = {};
}

function refusal(error: unknown): Error & { data: QrConnectErrorData } {
  const code =
    error instanceof LoginError &&
    (error.code === 'not_found' || error.code === 'forbidden' || error.code === 'rate_limited')
      ? error.code
      : 'unavailable';
  const refused = new Error(error instanceof LoginError ? error.message : 'Try again shortly.') as Error & {
    data: QrConnectErrorData;
  };
  refused.data = { code };
  return refused;
}

/**
 * The `/qr` namespace: a browser proves its login with id + secret, joins the room named by the id (only the
 * server joins rooms) and is pushed `state` at once and after every change. Translation only: the state comes
 * from the service, the pushes from the fan-out.
 */
export function attachGateway(httpServer: HttpServer, fanout: (sink: RoomSink) => RoomFanout, options: GatewayOptions) {
  const allowedOrigins = new Set(options.corsOrigins);
  const io = new Server<QrClientToServerEvents, QrServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_PACKET_BYTES,
    // Engine.IO takes an option given as undefined over its default: only a given heartbeat is passed.
    ...(options.heartbeat && { pingInterval: options.heartbeat.intervalMs, pingTimeout: options.heartbeat.timeoutMs }),
    cors: options.corsOrigins.length > 0 ? { origin: options.corsOrigins, methods: ['GET', 'POST'] } : undefined,
    // Only new sessions come here (the handshake), before any namespace: idle sessions are counted per address.
    allowRequest: (request, callback) => {
      if (!originAllowed(request, allowedOrigins)) return callback('origin not allowed', false);
      if (options.overCapacity?.()) return callback('too many connections', false);
      if (!options.limitHandshakes) return callback(null, true);
      options.limitHandshakes(options.clientIp(request)).then(
        () => callback(null, true),
        (error) => callback('too many handshakes', !(error instanceof LoginError && error.code === 'rate_limited')),
      );
    },
  });
  // A session must ask to join a namespace within the join timeout, or it is closed: idle sessions cost memory.
  // Socket.IO's own connectTimeout would also count the wait on our middleware, which a flood makes long. The
  // queue judges after the pending I/O, so a busy instance does not close the sessions it has not read yet.
  const notJoinedYet = new WeakSet<object>();
  const joinDeadlines = new DeadlineQueue<{ close(): void }>(
    options.joinTimeoutMs,
    (conn) => notJoinedYet.has(conn) && conn.close(),
  );
  io.engine.on('connection', (conn: { close(): void }) => {
    notJoinedYet.add(conn);
    joinDeadlines.add(conn);
  });
  const askedToJoin = (socket: Socket) => notJoinedYet.delete(socket.conn);
  const namespace = io.of(QR_NAMESPACE);
  // Nothing listens on the main namespace: refuse it rather than hold idle sockets.
  io.of('/').use((_socket, next) => next(refusal(new LoginError('not_found', `Use the ${QR_NAMESPACE} namespace.`))));

  // A push runs in the context of the change it follows (the move's own, or the one its change message carried
  // from the instance that made it), so it joins the trace of the confirm or scan that caused it.
  const rooms = fanout({
    emitToRoom(id, status) {
      const attributes = { 'qr_login.id': id, 'qr_login.state': status.state, 'qr_login.version': status.version };
      inSpan('qr_login.push', { kind: SpanKind.PRODUCER, attributes }, () => {
        namespace.to(id).emit('state', toStatusBody(status));
        options.metrics.pushes.inc({ state: status.state });
        // A final state ends the wait: let the sockets go so they hold no memory here.
        if (isFinal(status.state)) namespace.in(id).disconnectSockets(true);
      });
    },
  });

  /**
   * Admits a socket to its login's room once its id and secret check out and it is within its address's join
   * allowance; throws the refusal otherwise.
   */
  async function admit(socket: QrSocket, span: Span): Promise<void> {
    askedToJoin(socket);
    const { id: givenId, secret: givenSecret } = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    if (!isLoginId(givenId)) throw notFound();
    const secret = browserSecret.safeParse(givenSecret).data;
    if (secret === undefined) throw wrongSecret();
    const id = givenId.toLowerCase();
    span.setAttribute('qr_login.id', id);
    // Watch before reading, so a change published meanwhile is kept by the fan-out rather than lost.
    rooms.watch(id);
    // Until the socket is connected only the engine can tell us it went away (Socket.IO then drops it silently),
    // and it may go while we wait on the store below: listen from now, and let go of the watch exactly once.
    let watching = true;
    const lostBeforeConnecting = () => {
      if (watching) rooms.unwatch(id);
      watching = false;
    };
    socket.conn.once('close', lostBeforeConnecting);
    try {
      await options.limitConnects?.(options.clientIp(socket.request));
      const { status: snapshot, qrTurn } = await options.service.statusToWatch(id, secret);
      socket.data = { id, snapshot, qrTurn, lostBeforeConnecting };
    } catch (error) {
      socket.conn.off('close', lostBeforeConnecting);
      lostBeforeConnecting();
      throw error;
    }
  }

  namespace.use((socket: QrSocket, next) => {
    inSpan('qr_login.socket_join', { kind: SpanKind.SERVER }, (span) => admit(socket, span)).then(
      () => next(),
      (error) => next(refusal(error)),
    );
  });

  namespace.on('connection', (socket: QrSocket) => {
    const { id, snapshot, qrTurn, lostBeforeConnecting } = socket.data;
    socket.conn.off('close', lostBeforeConnecting!);
    socket.data = { id };
    // `on`, not `once`: a socket disconnects once, and `once` would wrap the listener anew for every socket.
    socket.on('disconnect', onDisconnect);
    forgetUpgradeRequest(socket);
    options.metrics.socketsConnected.inc();
    socket.join(id);
    // The snapshot goes to the whole room if it is news; otherwise this socket alone gets the newest known.
    if (rooms.offer(snapshot!, qrTurn)) return;
    const latest = rooms.latest(id)!;
    socket.emit('state', toStatusBody(latest));
    if (isFinal(latest.state)) socket.disconnect(true);
  });

  /** One shared listener for every socket (not a closure each: a waiting browser should cost little memory). */
  function onDisconnect(this: QrSocket): void {
    rooms.unwatch(this.data.id);
    options.metrics.socketsConnected.dec();
  }

  return { io, rooms };
}
