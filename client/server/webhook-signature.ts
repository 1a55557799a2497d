import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header of a revocation delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export const SIGNATURE_HEADER = 'X-QR-Login-Signature';

/** The id of one delivery, the same on each of its retries: a receiver acts on an id once. */
export const DELIVERY_HEADER = 'X-QR-Login-Delivery';

/** How far the signed time may be from the receiver's clock; older deliveries are replays. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureVerdict = 'valid' | 'bad' | 'stale';

/**
 * The receiver's half of the service's webhook signature: the HMAC must be over this exact raw body (before any
 * JSON parsing) with the shared secret, compared in constant time, and signed within the tolerance of `nowSeconds`.
 */
export function checkWebhookSignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  nowSeconds: number,
): SignatureVerdict {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return 'bad';
  const timestamp = Number(match[1]);
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  if (!timingSafeEqual(Buffer.from(match[2]!, 'hex'), expected)) return 'bad';
  return Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS ? 'stale' : 'valid';
}
