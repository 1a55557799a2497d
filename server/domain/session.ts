/**
 * A browser session that a QR login started: one per session token, identified by the token's `jti`.
 * Times are epoch milliseconds. An ended session is kept (as a tombstone) until its token would have expired,
 * so a retried token exchange cannot bring it back.
 */
export interface Session {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  /** The address the token was handed to. */
  ip: string;
  /** The browser and OS in words, from the requesting browser's User-Agent (claimed by it, T19). */
  browser?: string;
  os?: string;
  /** The origin of the page that took the token, as its Origin header said; else the service's own. */
  site: string;
  endedAt?: number;
  endReason?: SessionEndReason;
}

/** `revoked`: the user ended it; `limit`: a newer session pushed it out past the per-user bound. */
export type SessionEndReason = 'revoked' | 'limit';

export interface SessionPolicy {
  /** At most this many live sessions per user; a new one ends the oldest past it. */
  maxSessionsPerUser: number;
}

export const isActiveSession = (session: Session | undefined, now: number): session is Session =>
  session !== undefined && session.endedAt === undefined && session.expiresAt > now;

export interface Admission {
  /** False when a session with this id was already recorded (a retried exchange): nothing changed. */
  recorded: boolean;
  /** The user's sessions after the admission, ended ones included. */
  sessions: Session[];
  /** Sessions the admission ended to stay within the bound. */
  ended: Session[];
}

/** Byte order on ids for equal times, as Lua's `<` compares strings, so both stores drop the same session. */
const byId = (a: Session, b: Session) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const oldestFirst = (a: Session, b: Session) => a.createdAt - b.createdAt || byId(a, b);
export const newestFirst = (a: Session, b: Session) => -oldestFirst(a, b);

/**
 * Adds a session to a user's set, as `record-session-1.lua` does in Redis: expired ones are forgotten, a known
 * id changes nothing (a retry), the oldest live sessions end past the bound, and at most `maxSessionsPerUser`
 * tombstones are kept (the oldest go first), so a user's set never grows past twice the bound.
 */
export function admitSession(
  existing: readonly Session[],
  session: Session,
  now: number,
  policy: SessionPolicy,
): Admission {
  const current = existing.filter((s) => s.expiresAt > now);
  if (current.some((s) => s.id === session.id)) return { recorded: false, sessions: current, ended: [] };
  const live = current.filter((s) => s.endedAt === undefined).sort(oldestFirst);
  const ended = live
    .slice(0, Math.max(0, live.length - policy.maxSessionsPerUser + 1))
    .map((s): Session => ({ ...s, endedAt: now, endReason: 'limit' }));
  const after = current.map((s) => ended.find((e) => e.id === s.id) ?? s);
  const tombstones = after
    .filter((s) => s.endedAt !== undefined)
    .sort((a, b) => a.endedAt! - b.endedAt! || oldestFirst(a, b));
  const forgotten = new Set(
    tombstones.slice(0, Math.max(0, tombstones.length - policy.maxSessionsPerUser)).map((s) => s.id),
  );
  const sessions = [...after.filter((s) => !forgotten.has(s.id)), session];
  return { recorded: true, sessions, ended };
}

/** Ends the named live sessions (or all of them), as `end-sessions-1.lua` does; returns the ones it ended. */
export function endSessions(
  existing: readonly Session[],
  ids: readonly string[] | 'all',
  now: number,
): { sessions: Session[]; ended: Session[] } {
  const ended: Session[] = [];
  const sessions = existing
    .filter((s) => s.expiresAt > now)
    .map((s) => {
      if (s.endedAt !== undefined || (ids !== 'all' && !ids.includes(s.id))) return s;
      const end: Session = { ...s, endedAt: now, endReason: 'revoked' };
      ended.push(end);
      return end;
    });
  return { sessions, ended };
}
