import { io, type Socket } from 'socket.io-client';
import type { CreatedLogin, LoginStateEvent } from '../../../client/shared/wire-types';
import { type Finding, fail, ok, skipped, warn } from '../report';
import { reason, request, type Target } from '../target';

/** Where the browser SDK falls back when no WebSocket gets through: the status endpoint, polled over plain HTTP. */
export async function pollingCheck(target: Target, login: CreatedLogin | undefined): Promise<Finding> {
  const check = 'polling fallback';
  if (!login) return skipped(check, 'no login was created');
  try {
    const response = await request(target, `/api/qr/${login.id}?image=none`, {
      headers: { Origin: target.origin, 'X-QR-Secret': login.secret },
    });
    if (response.status === 404) {
      return fail(
        check,
        'the login just created is unknown here: every instance needs the same Redis and REDIS_KEY_PREFIX',
      );
    }
    if (response.status !== 200) return fail(check, `the status endpoint answered ${response.status}`);
    const crossSite = target.url.origin !== target.origin;
    if (crossSite && response.headers.get('access-control-allow-origin') !== target.origin) {
      return fail(check, `the page may not read the status: add ${target.origin} to CORS_ORIGINS`);
    }
    const status = (await response.json()) as LoginStateEvent;
    return ok(check, `status read over HTTP (${status.state})`);
  } catch (error) {
    return fail(check, `no answer: ${reason(error)}`);
  }
}

/** Resolves with the first pushed state that `wanted` accepts, or rejects after the timeout. */
function nextState(socket: Socket, wanted: (state: LoginStateEvent) => boolean, timeoutMs: number) {
  return new Promise<LoginStateEvent>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('state', listener);
      reject(new Error('no push in time'));
    }, timeoutMs);
    const listener = (state: LoginStateEvent) => {
      if (!wanted(state)) return;
      clearTimeout(timer);
      socket.off('state', listener);
      resolve(state);
    };
    socket.on('state', listener);
  });
}

/**
 * Connects as the browser SDK does (WebSocket only, the site's Origin). The first state is listened for before
 * the connection opens: the service pushes it at once, possibly in the same read as the connect.
 */
function connectWebSocket(target: Target, login: CreatedLogin) {
  const socket = io(`${target.baseUrl}/qr`, {
    auth: { id: login.id, secret: login.secret },
    transports: ['websocket'],
    extraHeaders: { Origin: target.origin },
    reconnection: false,
    forceNew: true,
    timeout: target.timeoutMs,
  });
  const firstState = nextState(socket, () => true, target.timeoutMs);
  firstState.catch(() => undefined);
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
      reject(new Error(error.data?.code ?? error.message));
    });
  });
  return { socket, connected, firstState };
}

/**
 * The WebSocket upgrade through whatever stands in front, then a real push end to end: the login is cancelled
 * with its browser secret (no phone needed) and `cancelled` must come back on the socket, whichever instance
 * took the cancel.
 */
export async function websocketAndPushChecks(target: Target, login: CreatedLogin | undefined): Promise<Finding[]> {
  const upgrade = 'WebSocket upgrade';
  const push = 'push end to end';
  if (!login) return [skipped(upgrade, 'no login was created'), skipped(push, 'no login was created')];
  const { socket, connected, firstState } = connectWebSocket(target, login);
  try {
    try {
      await connected;
    } catch (error) {
      await cancel(target, login).catch(() => undefined);
      // The service itself refused: the browser SDK then gives up on the login instead of polling.
      if (reason(error) === 'not_found') {
        return [
          fail(
            upgrade,
            'the instance that took the socket does not know the login: every instance needs the same Redis and REDIS_KEY_PREFIX',
          ),
          skipped(push, 'no WebSocket'),
        ];
      }
      return [
        warn(
          upgrade,
          `refused (${reason(error)}): browsers fall back to polling; let the proxy pass WebSocket upgrades on /socket.io/ and allow ${target.origin} in CORS_ORIGINS`,
        ),
        skipped(push, 'no WebSocket'),
      ];
    }
    const connectedFinding = ok(upgrade, 'connected through to the service');
    try {
      const first = await firstState;
      const cancelled = nextState(socket, (state) => state.state === 'cancelled', target.timeoutMs);
      cancelled.catch(() => undefined);
      const response = await cancel(target, login);
      if (response.status !== 204) return [connectedFinding, fail(push, `the cancel answered ${response.status}`)];
      await cancelled;
      return [connectedFinding, ok(push, `pushed: ${first.state}, then cancelled after a cancel`)];
    } catch (error) {
      return [
        connectedFinding,
        fail(
          push,
          `${reason(error)}: a confirm would not reach the browser; every instance needs the same Redis and REDIS_KEY_PREFIX`,
        ),
      ];
    }
  } finally {
    socket.disconnect();
  }
}

/** Ends the doctor's login as its page would, so nothing is left waiting. */
export function cancel(target: Target, login: CreatedLogin): Promise<Response> {
  return request(target, `/api/qr/${login.id}`, {
    method: 'DELETE',
    headers: { Origin: target.origin, 'X-QR-Secret': login.secret },
  });
}
