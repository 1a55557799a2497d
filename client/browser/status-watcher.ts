import { io, type Socket } from 'socket.io-client';
import { QrLoginApiError } from '../shared/errors';
import type { LoginStatus, QrServerEvents, SocketRefusal } from '../shared/wire-types';
import type { BrowserApi } from './browser-api';

export type Transport = 'socket' | 'polling';

export interface WatchTarget {
  baseUrl: string;
  id: string;
  secret: string;
}

export interface WatchOptions {
  useSocket: boolean;
  pollIntervalMs: number;
  /** How long a socket may take to connect before polling starts. */
  connectTimeoutMs: number;
}

export interface WatchHandlers {
  /** Any status heard, in arrival order; the caller drops stale ones. */
  status(status: LoginStatus): void;
  /** The channel currently carrying updates changed. */
  transport(transport: Transport): void;
  /** The service no longer knows the login: it expired (or was never there). */
  gone(): void;
  /** The service refuses this browser (wrong secret); watching stops. */
  refused(error: Error): void;
}

export interface StatusWatcher {
  /** Fetches the status once now, whatever the transport (the expiry backstop uses it). */
  checkNow(): void;
  stop(): void;
}

/**
 * Follows one QR login: pushes over Socket.IO while a socket is connected, and polls the status
 * endpoint whenever it is not (blocked by a proxy, still connecting, reconnecting). The server
 * sends the current state on every (re)connect, so switching back loses nothing.
 */
export function watchStatus(
  api: BrowserApi,
  target: WatchTarget,
  options: WatchOptions,
  handlers: WatchHandlers,
): StatusWatcher {
  let stopped = false;
  let polling = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let requestInFlight = false;
  let lastEtag: string | undefined;
  // `slow_down` lengthens the interval for the rest of this login (RFC 8628 §3.5).
  let intervalMs = options.pollIntervalMs;

  const stopPolling = (): void => {
    polling = false;
    clearTimeout(pollTimer);
  };

  const schedulePoll = (delayMs: number): void => {
    clearTimeout(pollTimer);
    if (polling && !stopped) pollTimer = setTimeout(fetchOnce, delayMs);
  };

  async function fetchOnce(): Promise<void> {
    if (stopped || requestInFlight) return;
    requestInFlight = true;
    let nextDelayMs = intervalMs;
    try {
      const reply = await api.fetchStatus(target.id, target.secret, lastEtag);
      if (!stopped && !reply.notModified) {
        lastEtag = reply.etag;
        handlers.status(reply.body);
      }
    } catch (error) {
      if (stopped) return;
      if (error instanceof QrLoginApiError && error.code === 'not_found') return finish(() => handlers.gone());
      if (error instanceof QrLoginApiError && error.code === 'forbidden') return finish(() => handlers.refused(error));
      if (error instanceof QrLoginApiError && error.code === 'slow_down' && error.pollIntervalMs)
        intervalMs = Math.max(intervalMs, error.pollIntervalMs);
      // Anything else (network, 503) is passing: keep asking at the same pace, or as late as the service asks.
      const retryAfterMs = error instanceof QrLoginApiError ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
      nextDelayMs = Math.max(intervalMs, retryAfterMs);
    } finally {
      requestInFlight = false;
    }
    schedulePoll(nextDelayMs);
  }

  const startPolling = (): void => {
    if (polling || stopped) return;
    polling = true;
    handlers.transport('polling');
    void fetchOnce();
  };

  let socket: Socket<QrServerEvents> | undefined;
  let connectTimer: ReturnType<typeof setTimeout> | undefined;

  const stop = (): void => {
    stopped = true;
    stopPolling();
    clearTimeout(connectTimer);
    socket?.disconnect();
  };

  const finish = (report: () => void): void => {
    stop();
    report();
  };

  if (options.useSocket) {
    socket = io(`${target.baseUrl}/qr`, {
      auth: { id: target.id, secret: target.secret },
      // WebSocket only: one connection, so no sticky sessions are needed behind many instances or WORKERS.
      // Where WebSocket is refused the watcher polls the status over plain HTTP, which any instance answers.
      transports: ['websocket'],
      timeout: options.connectTimeoutMs,
      forceNew: true,
    });
    connectTimer = setTimeout(() => socket?.connected || startPolling(), options.connectTimeoutMs);
    // A proxy may accept the WebSocket and drop it before Socket.IO's handshake; Socket.IO itself then
    // reports nothing until its timeout, so poll from the moment the first connection closes unanswered.
    socket.io.engine?.on('close', () => socket?.connected || startPolling());

    socket.on('connect', () => {
      clearTimeout(connectTimer);
      stopPolling();
      handlers.transport('socket');
    });
    // "expired" is the one push the service makes from a timer, not from the store: an instance that missed a
    // change (a confirm) may send it for a login that lives on. The status endpoint is the truth, so ask it.
    socket.on('state', (event) => (event.state === 'expired' ? void fetchOnce() : handlers.status(event)));
    socket.on('connect_error', (error: Error & { data?: Partial<SocketRefusal> }) => {
      const code = error.data?.code;
      if (code === 'not_found') return finish(() => handlers.gone());
      if (code === 'forbidden') return finish(() => handlers.refused(error));
      startPolling(); // the path is blocked or the server is away; Socket.IO keeps retrying meanwhile
    });
    socket.on('disconnect', (reason) => {
      if (stopped) return;
      // The server ends sockets of finished logins and will not be reconnected to; a poll learns why.
      if (reason === 'io server disconnect') socket?.disconnect();
      startPolling();
    });
  } else {
    startPolling();
  }

  return {
    checkNow: () => void fetchOnce(),
    stop,
  };
}
