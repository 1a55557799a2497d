import type { LoginState } from '../../server/domain';
import type { QrSocketAuth, StatusBody } from '../../server/wire';
import { type Subscription, subscribe } from './qr-socket';

/** A browser waiting on its login over Socket.IO, recording every `state` it is pushed. */
export interface WaitingBrowser {
  socket: Subscription['socket'];
  states: StatusBody[];
  /** Resolves with the first pushed status in `state` (already received or still to come). */
  waitForState(state: LoginState, timeoutMs?: number): Promise<StatusBody>;
  close(): void;
}

/** Connects and resolves once the first `state` arrived; rejects if the server refuses the socket. */
export async function connectBrowser(baseUrl: string, auth: QrSocketAuth): Promise<WaitingBrowser> {
  const outcome = await subscribe(baseUrl, auth);
  if (outcome.kind === 'refused') throw new Error(`socket refused: ${String(outcome.code)} ${outcome.message}`);
  const { subscription } = outcome;
  return {
    socket: subscription.socket,
    states: subscription.pushes,
    waitForState: (state, timeoutMs) => subscription.waitFor((push) => push.state === state, timeoutMs),
    close: () => subscription.close(),
  };
}

/** Connects expecting a refusal; resolves with the `data.code` of the `connect_error`. */
export async function connectRefused(baseUrl: string, auth: Record<string, unknown>): Promise<unknown> {
  const outcome = await subscribe(baseUrl, auth);
  if (outcome.kind === 'subscribed') {
    outcome.subscription.close();
    throw new Error('the connection was accepted');
  }
  return outcome.code;
}
