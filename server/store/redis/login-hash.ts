import { DENIAL_REASONS, type DenialReason, LOGIN_STATES, type Login, type LoginState } from '../../domain';

/** A login as the flat field/value list of its Redis hash (absent optional fields are not written). */
export function toHashFields(login: Login): string[] {
  const fields: Record<string, string | number | undefined> = {
    state: login.state,
    version: login.version,
    secretHash: login.secretHash,
    createdAt: login.createdAt,
    expiresAt: login.expiresAt,
    ip: login.requester.ip,
    ua: login.requester.userAgent,
    origin: login.requester.origin,
    userId: login.user?.id,
    userName: login.user?.name,
    userPicture: login.user?.picture,
    scannedAt: login.scannedAt,
    changedAt: login.changedAt,
    checkCode: login.checkCode,
    denialReason: login.denialReason,
  };
  return Object.entries(fields).flatMap(([field, value]) => (value === undefined ? [] : [field, String(value)]));
}

export function toState(value: string | undefined): LoginState {
  if (value && (LOGIN_STATES as readonly string[]).includes(value)) return value as LoginState;
  throw new Error(`Stored login has an unknown state: ${value}`);
}

/** A denial reason as stored or announced; an unknown one (a newer version's) reads as none. */
export function toDenialReason(value: unknown): DenialReason | undefined {
  return (DENIAL_REASONS as readonly unknown[]).includes(value) ? (value as DenialReason) : undefined;
}

/** Reads a hash back; an empty hash is a login that does not exist (or has expired). */
export function fromHash(id: string, hash: Record<string, string>): Login | undefined {
  if (!hash.state) return undefined;
  const login: Login = {
    id,
    state: toState(hash.state),
    version: Number(hash.version),
    secretHash: hash.secretHash ?? '',
    createdAt: Number(hash.createdAt),
    expiresAt: Number(hash.expiresAt),
    requester: { ip: hash.ip ?? '', userAgent: hash.ua ?? '' },
  };
  if (hash.origin) login.requester.origin = hash.origin;
  if (hash.userId) login.user = { id: hash.userId, name: hash.userName, picture: hash.userPicture };
  if (hash.scannedAt) login.scannedAt = Number(hash.scannedAt);
  if (hash.changedAt) login.changedAt = Number(hash.changedAt);
  if (hash.checkCode) login.checkCode = hash.checkCode;
  const denialReason = toDenialReason(hash.denialReason);
  if (denialReason) login.denialReason = denialReason;
  return login;
}

/** Lua returns a hash as a flat array of fields and values. */
export function pairsToHash(pairs: unknown): Record<string, string> {
  const list = Array.isArray(pairs) ? pairs.map(String) : [];
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) hash[list[i]!] = list[i + 1]!;
  return hash;
}
