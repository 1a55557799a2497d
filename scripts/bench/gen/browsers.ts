import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { type ArmKind, speaksSocketIo } from '../arms/services';

export interface StateUpdate {
  state: string;
  version?: number;
  /** qr-login while pending: the QR text shown now (a new one each time a rotating QR rotates) */
  content?: string;
  /** qr-login once scanned with number matching: the number the page shows */
  checkCode?: string;
}

export interface OpenBrowser {
  close(): void;
}

export interface BrowserTarget {
  url: string;
  localAddress: string;
}

/**
 * Opens one waiting browser: the product's Socket.IO client (websocket only, like a modern browser
 * after upgrade) for qr-login and the fan-out arms, a bare WebSocket for the floor. Resolves once the first `state` arrives.
 */
export function openBrowser(
  kind: ArmKind,
  target: BrowserTarget,
  login: { id: string; secret: string },
  onState: (update: StateUpdate) => void,
): Promise<OpenBrowser> {
  return speaksSocketIo(kind) ? openSocketIo(target, login, onState) : openBareWebSocket(target, login, onState);
}

function openSocketIo(
  target: BrowserTarget,
  login: { id: string; secret: string },
  onState: (update: StateUpdate) => void,
): Promise<OpenBrowser> {
  return new Promise((resolve, reject) => {
    const socket = io(`${target.url}/qr`, {
      auth: { id: login.id, secret: login.secret },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 30_000,
      // passed through by engine.io-client to ws, so clients can spread over loopback source addresses
      localAddress: target.localAddress,
    } as Parameters<typeof io>[1]);
    let first = true;
    socket.on('state', (update: StateUpdate) => {
      onState(update);
      if (first) {
        first = false;
        resolve({ close: () => socket.close() });
      }
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      socket.close();
      reject(new Error(`connect_error ${error.data?.code ?? error.message}`));
    });
  });
}

function openBareWebSocket(
  target: BrowserTarget,
  login: { id: string; secret: string },
  onState: (update: StateUpdate) => void,
): Promise<OpenBrowser> {
  return new Promise((resolve, reject) => {
    const query = new URLSearchParams({ id: login.id, secret: login.secret });
    const socket = new WebSocket(`${target.url.replace(/^http/, 'ws')}/ws?${query}`, {
      perMessageDeflate: false,
      localAddress: target.localAddress,
    });
    let first = true;
    socket.on('message', (data) => {
      onState(JSON.parse(data.toString()) as StateUpdate);
      if (first) {
        first = false;
        resolve({ close: () => socket.close() });
      }
    });
    socket.on('error', reject);
    socket.on('close', (code) => {
      if (first) reject(new Error(`closed ${code}`));
    });
  });
}
