import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Login } from './login';

/**
 * The rotating QR (threat model T1): while a login waits, the QR content carries a rotation mark that changes every
 * period, so a QR relayed to a victim (a screenshot, a phishing page that is not live) stops working after one period
 * instead of the login's whole life. Nothing is stored for it: the mark of step n is an HMAC of the login id and n
 * under the login's secret hash, which only the service knows, and n counts periods since the login was made.
 */
export interface RotationPolicy {
  periodMs: number;
  /**
   * How long a mark stays good after the next one took over, and how early the next one is good: room for clocks of
   * different instances that disagree a little and for the push's travel to the screen. Never more than a quarter
   * of the period.
   */
  skewMs: number;
}

/** What the phone sent, measured against the login's current mark. */
export type RotationVerdict = 'current' | 'replaced';

const TAG_LENGTH = 16;
export const ROTATION_PATTERN = /^(\d{1,9})\.([A-Za-z0-9_-]{16})$/;

export function rotationPolicy(periodSeconds: number): RotationPolicy | undefined {
  if (periodSeconds <= 0) return undefined;
  const periodMs = periodSeconds * 1000;
  return { periodMs, skewMs: Math.min(1_000, periodMs / 4) };
}

export function rotationStep(login: Pick<Login, 'createdAt'>, now: number, policy: RotationPolicy): number {
  return Math.max(0, Math.floor((now - login.createdAt) / policy.periodMs));
}

/** When the mark of `step` gives way to the next. */
export function rotatesAt(login: Pick<Login, 'createdAt'>, step: number, policy: RotationPolicy): number {
  return login.createdAt + (step + 1) * policy.periodMs;
}

/** The mark of `step`, as it appears in the QR content: `<step>.<tag>`. */
export function rotationMark(login: Pick<Login, 'id' | 'secretHash'>, step: number): string {
  return `${step}.${rotationTag(login, step)}`;
}

function rotationTag(login: Pick<Login, 'id' | 'secretHash'>, step: number): string {
  return createHmac('sha256', login.secretHash)
    .update(`qr-rotation:${login.id}:${step}`)
    .digest('base64url')
    .slice(0, TAG_LENGTH);
}

/**
 * Whether `mark` is the login's mark now: the current step, the previous one until `skewMs` after it was replaced,
 * or the next one from `skewMs` before it starts. Anything else (an older step, a forged tag, no mark at all) has
 * been replaced as far as the phone's user can tell: the code on the screen is another one.
 */
export function judgeRotation(
  login: Pick<Login, 'id' | 'secretHash' | 'createdAt'>,
  mark: string | undefined,
  now: number,
  policy: RotationPolicy,
): RotationVerdict {
  const parsed = mark === undefined ? null : ROTATION_PATTERN.exec(mark);
  if (!parsed) return 'replaced';
  const step = Number(parsed[1]);
  const current = rotationStep(login, now, policy);
  const acceptable =
    step === current ||
    (step === current - 1 && now < rotatesAt(login, step, policy) + policy.skewMs) ||
    (step === current + 1 && now >= rotatesAt(login, current, policy) - policy.skewMs);
  const expected = Buffer.from(rotationTag(login, step));
  const given = Buffer.from(parsed[2]!);
  return acceptable && timingSafeEqual(expected, given) ? 'current' : 'replaced';
}
