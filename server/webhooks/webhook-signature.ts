import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'X-QR-Login-Signature';

/** The header that carries the event's `id`, the same on every attempt: a receiver drops a repeat by it. */
export const DELIVERY_HEADER = 'X-QR-Login-Delivery';

/** How far a receiver lets the signed time be from its own clock: older deliveries are replays. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const mac = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export function signWebhookBody(secret: string, body: string, nowSeconds: number): string {
  return `t=${nowSeconds},v1=${mac(secret, nowSeconds, body)}`;
}

/**
 * What a receiver does with a delivery: the signature must be over this exact body and a time within the
 * tolerance of its own clock, compared in constant time. Any deviation is false.
 */
export function verifyWebhookSignature(secret: string, header: string | undefined, body: string, nowSeconds: number) {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return false;
  return timingSafeEqual(Buffer.from(match[2]!, 'hex'), Buffer.from(mac(secret, timestamp, body), 'hex'));
}
