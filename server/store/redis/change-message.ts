import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LoginChange, MovedLogin } from '../port';
import { toDenialReason, toState } from './login-hash';
import { type TraceCarrier, toTraceCarrier } from './trace-context';

/** HMAC's block size for SHA-1: the key is padded to it and XORed with each pad. */
const BLOCK_BYTES = 64;

/**
 * The key of change messages as transition-2.lua takes it: HMAC's inner and outer padded keys, so the script
 * computes HMAC-SHA1 with two `redis.sha1hex` calls (Redis 7's Lua has SHA-1, not SHA-256, and no HMAC).
 */
export function changeMessagePads(key: Buffer): [Buffer, Buffer] {
  const block = Buffer.alloc(BLOCK_BYTES);
  (key.length > BLOCK_BYTES ? createHmac('sha1', '').update(key).digest() : key).copy(block);
  return [Buffer.from(block.map((byte) => byte ^ 0x36)), Buffer.from(block.map((byte) => byte ^ 0x5c))];
}

const HEX_SHA1 = /^[0-9a-f]{40}$/;

function verified(key: Buffer | undefined, moved: unknown, mac: unknown): moved is string {
  if (!key || typeof moved !== 'string' || typeof mac !== 'string' || !HEX_SHA1.test(mac)) return false;
  return timingSafeEqual(createHmac('sha1', key).update(moved).digest(), Buffer.from(mac, 'hex'));
}

const optional = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The login a verified message carries, when it is the one its id and version name, and the trace it names. */
function movedLogin(id: string, version: number, moved: string): { login?: MovedLogin; trace?: TraceCarrier } {
  try {
    const fields = JSON.parse(moved) as Record<string, unknown>;
    const login = toMoved(id, version, fields);
    return login ? { login, trace: toTraceCarrier(fields.trace) } : {};
  } catch {
    return {};
  }
}

function toMoved(id: string, version: number, fields: Record<string, unknown>): MovedLogin | undefined {
  if (fields.id !== id || fields.version !== version || typeof fields.expiresAt !== 'number') return undefined;
  const moved: MovedLogin = { id, version, state: toState(optional(fields.state)), expiresAt: fields.expiresAt };
  const userId = optional(fields.userId);
  if (userId) moved.user = { id: userId, name: optional(fields.userName), picture: optional(fields.userPicture) };
  const checkCode = optional(fields.checkCode);
  if (checkCode) moved.checkCode = checkCode;
  // A message of an older instance has none: the reason is then unknown, and the login still moves.
  const denialReason = toDenialReason(fields.denialReason);
  if (denialReason) moved.denialReason = denialReason;
  return moved;
}

/** A change message as read: the change, and the trace context of the move that made it, if it carried one. */
export interface ReceivedChange {
  change: LoginChange;
  trace?: TraceCarrier;
}

/**
 * Reads a change message of transition-2.lua. Anyone who can publish on Redis can send anything (T15): a message
 * that is not one is dropped (undefined); one whose MAC does not verify under `key` is only a hint (id, version)
 * and its listeners read the login from the store; only a verified one carries the moved login. With a key the
 * trace context is taken only from inside the verified part (the MAC covers it); without one, from the hint.
 * A message `ignore` names (by its unverified id and version) is dropped unread.
 */
export function parseChange(
  message: string,
  key?: Buffer,
  ignore: (id: string, version: number) => boolean = () => false,
): ReceivedChange | undefined {
  let fields: Record<string, unknown>;
  try {
    fields = Object(JSON.parse(message));
  } catch {
    return undefined;
  }
  const { id, version, moved, mac } = fields;
  if (typeof id !== 'string' || !Number.isSafeInteger(version)) return undefined;
  // Before the MAC is checked: a change no one here waits for, or this instance's own, is not worth verifying.
  if (ignore(id, version as number)) return undefined;
  const change: LoginChange = { id, version: version as number };
  if (!key) return { change, trace: toTraceCarrier(fields.trace) };
  const { login, trace } = verified(key, moved, mac) ? movedLogin(id, change.version, moved) : {};
  if (login) change.login = login;
  return { change, trace };
}
