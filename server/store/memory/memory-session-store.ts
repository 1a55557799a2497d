import {
  admitSession,
  endSessions,
  isActiveSession,
  newestFirst,
  type Session,
  type SessionPolicy,
} from '../../domain';
import type { SessionStore } from '../session-port';
import { ExpiringLists } from './expiring-lists';

/** Sessions for the embedded store: each user's set through the same pure rules the Lua scripts follow. */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new ExpiringLists<Session>((session, now) => session.expiresAt > now);

  async record(session: Session, now: number, policy: SessionPolicy) {
    const admission = admitSession(this.sessions.get(session.userId, now), session, now, policy);
    this.sessions.set(session.userId, admission.sessions, now);
    return { recorded: admission.recorded, ended: admission.ended.map((s) => ({ ...s })) };
  }

  async list(userId: string, now: number): Promise<Session[]> {
    return this.sessions
      .get(userId, now)
      .filter((s) => isActiveSession(s, now))
      .sort(newestFirst)
      .map((s) => ({ ...s }));
  }

  async get(userId: string, id: string, now: number): Promise<Session | undefined> {
    const found = this.sessions.get(userId, now).find((s) => s.id === id);
    return found && { ...found };
  }

  async end(userId: string, ids: readonly string[] | 'all', now: number): Promise<Session[]> {
    const { sessions, ended } = endSessions(this.sessions.get(userId, now), ids, now);
    this.sessions.set(userId, sessions, now);
    return ended.map((s) => ({ ...s }));
  }
}
