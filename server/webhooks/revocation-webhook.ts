import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Session } from '../domain';
import type { RevocationNotifier } from '../service/revocation-notifier';
import type { SessionsEndedEvent } from '../wire';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';

export interface RevocationWebhookOptions {
  url: string;
  secret: string;
  /** Each attempt is abandoned after this long. */
  timeoutMs: number;
  /** Attempts per delivery, the first included. */
  attempts: number;
  /** The wait before the second attempt; it doubles for each further one. */
  backoffMs: number;
  /** A delivery that was given up on, and why. */
  onGiveUp(event: SessionsEndedEvent, reason: string): void;
}

/** A status that another attempt will not change: the receiver refused this body. */
const isFinal = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * POSTs each batch of ended sessions to the configured URL, signed with HMAC-SHA256 over a fresh timestamp
 * on every attempt, its id in `X-QR-Login-Delivery` (the same on every attempt, for the receiver's de-duplication), retried with a bounded, doubling backoff, each attempt under a timeout. Deliveries run in
 * the background of the request that ended the sessions; `close` abandons those still waiting to retry.
 */
export class RevocationWebhook implements RevocationNotifier {
  private readonly closing = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: RevocationWebhookOptions) {}

  sessionsEnded(sessions: readonly Session[]): void {
    const event: SessionsEndedEvent = {
      type: 'sessions.ended',
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      sessions: sessions.map((s) => ({
        sub: s.userId,
        jti: s.id,
        exp: Math.floor(s.expiresAt / 1000),
        reason: s.endReason ?? 'revoked',
      })),
    };
    const delivery = this.deliver(event).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Stops retrying and waits for attempts under way (each ends within its timeout). */
  async close(): Promise<void> {
    this.closing.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(event: SessionsEndedEvent): Promise<void> {
    const body = JSON.stringify(event);
    let reason = '';
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      if (attempt > 1) {
        try {
          await delay(this.options.backoffMs * 2 ** (attempt - 2), undefined, { signal: this.closing.signal });
        } catch {
          break;
        }
      }
      try {
        const response = await fetch(this.options.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            [DELIVERY_HEADER]: event.id,
            [SIGNATURE_HEADER]: signWebhookBody(this.options.secret, body, Math.floor(Date.now() / 1000)),
          },
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) return;
        reason = `status ${response.status}`;
        if (isFinal(response.status)) break;
      } catch (error) {
        reason = (error as Error).name === 'TimeoutError' ? 'timed out' : String((error as Error).message);
      }
    }
    this.options.onGiveUp(event, reason);
  }
}
