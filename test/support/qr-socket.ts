import { io, type Socket } from 'socket.io-client';
import { QR_NAMESPACE, type StatusBody } from '../../server/wire';
import { documentedEventBreach } from './asyncapi-conformance';

/** A `state` push as the browser receives it (the body of `GET /api/qr/:id` plus `version`). */
export type StatePush = StatusBody;

/** A browser's subscription to one login: every `state` push it received, in order. */
export class Subscription {
  readonly pushes: StatePush[] = [];
  /** The first event the AsyncAPI document does not describe. */
  breach: string | undefined;
  private waiters: Array<() => void> = [];

  constructor(readonly socket: Socket) {
    // Every event, with its payload, must be one the AsyncAPI document describes; waiting on a breach fails.
    socket.onAny((event: string, payload: unknown) => {
      this.breach ??= documentedEventBreach(event, payload);
    });
    socket.on('state', (push: StatePush) => {
      this.pushes.push(push);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  get last(): StatePush | undefined {
    return this.pushes[this.pushes.length - 1];
  }

  /** Resolves once a push satisfies `accept` (checking pushes already received first); rejects after `timeoutMs`. */
  waitFor(accept: (push: StatePush) => boolean, timeoutMs = 5000): Promise<StatePush> {
    return new Promise((resolve, reject) => {
      let seen = 0;
      const check = (): boolean => {
        if (this.breach) {
          clearTimeout(timer);
          reject(new Error(this.breach));
          return true;
        }
        for (; seen < this.pushes.length; seen++) {
          const push = this.pushes[seen]!;
          if (accept(push)) {
            clearTimeout(timer);
            resolve(push);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== listen);
        reject(new Error(`no matching state push within ${timeoutMs} ms; got ${JSON.stringify(this.pushes)}`));
      }, timeoutMs);
      const listen = (): void => {
        if (!check()) this.waiters.push(listen);
      };
      listen();
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}

export type SubscribeOutcome =
  | { kind: 'subscribed'; subscription: Subscription }
  | { kind: 'refused'; code: unknown; message: string };

export interface SubscribeOptions {
  transports?: Array<'websocket' | 'polling'>;
  timeoutMs?: number;
  extraHeaders?: Record<string, string>;
}

/**
 * Connects to namespace /qr with `auth` as given and waits for the first outcome: the initial `state` push or a
 * `connect_error`. No reconnection: a refused attacker must stay refused, and a test must see every refusal.
 */
export function subscribe(baseUrl: string, auth: unknown, options: SubscribeOptions = {}): Promise<SubscribeOutcome> {
  const socket = io(baseUrl + QR_NAMESPACE, {
    auth: auth as Record<string, unknown>,
    forceNew: true,
    reconnection: false,
    transports: options.transports ?? ['websocket'],
    extraHeaders: options.extraHeaders,
    timeout: options.timeoutMs ?? 10000,
  });
  const subscription = new Subscription(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error(`socket neither got state nor connect_error within ${options.timeoutMs ?? 10000} ms`));
    }, options.timeoutMs ?? 10000);
    socket.once('state', () => {
      clearTimeout(timer);
      if (subscription.breach) return reject(new Error(subscription.breach));
      resolve({ kind: 'subscribed', subscription });
    });
    socket.once('connect_error', (error: Error & { data?: { code?: unknown } }) => {
      clearTimeout(timer);
      // A refusal by the namespace carries `data`; one by the engine (origin, capacity) is a bare transport error.
      const breach = error.data === undefined ? undefined : documentedEventBreach('connect_error', error.data);
      if (breach) return reject(new Error(breach));
      socket.disconnect();
      resolve({ kind: 'refused', code: error.data?.code, message: error.message });
    });
  });
}
