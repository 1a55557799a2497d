import { io, type Socket } from 'socket.io-client';
import type { LoginState } from '../../server/domain';
import { QR_NAMESPACE, type QrClientToServerEvents, type QrServerToClientEvents, type QrSocketAuth, type StatusBody } from '../../server/wire';

type QrClientSocket = Socket<QrServerToClientEvents, QrClientToServerEvents>;

/** A browser waiting on its login over Socket.IO, recording every `state` it is pushed. */
export interface WaitingBrowser {
  socket: QrClientSocket;
  states: StatusBody[];
  /** Resolves with the first pushed status in `state` (already received or still to come). */
  waitForState(state: LoginState, timeoutMs?: number): Promise<StatusBody>;
  close(): void;
}

const socketOptions = (auth: QrSocketAuth) => ({
  auth,
  transports: ['websocket'],
  reconnection: false,
  forceNew: true,
  timeout: 5_000,
});

export function connectBrowser(baseUrl: string, auth: QrSocketAuth): Promise<WaitingBrowser> {
  const socket: QrClientSocket = io(baseUrl + QR_NAMESPACE, socketOptions(auth));
  const states: StatusBody[] = [];
  const waiters = new Set<() => void>();
  socket.on('state', (status) => {
    states.push(status);
    for (const wake of waiters) wake();
  });
  const browser: WaitingBrowser = {
    socket,
    states,
    waitForState(state, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = states.find((status) => status.state === state);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no "${state}" push within ${timeoutMs} ms; got ${JSON.stringify(states.map((s) => s.state))}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(browser));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Connects expecting a refusal; resolves with the `data.code` of the `connect_error`. */
export function connectRefused(baseUrl: string, auth: Record<string, unknown>): Promise<string | undefined> {
  const socket = io(baseUrl + QR_NAMESPACE, { ...socketOptions(auth as unknown as QrSocketAuth) });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('the connection was accepted'));
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve((error as Error & { data?: { code?: string } }).data?.code);
    });
  });
}
