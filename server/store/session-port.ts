import type { Session, SessionPolicy } from '../domain';

/**
 * Where the sessions that QR logins started live, per user, each until its token expires. Every call is
 * atomic for the user's set, so racing exchanges and revocations never break the per-user bound.
 */
export interface SessionStore {
  /**
   * Records a new session (ending the oldest past the bound). A session id already recorded, live or ended,
   * changes nothing: a retried exchange neither duplicates a session nor revives a revoked one.
   */
  record(session: Session, now: number, policy: SessionPolicy): Promise<{ recorded: boolean; ended: Session[] }>;
  /** The user's sessions still live, newest first. */
  list(userId: string, now: number): Promise<Session[]>;
  /** One of the user's sessions, ended or not, until its token expires; undefined when unknown or not theirs. */
  get(userId: string, id: string, now: number): Promise<Session | undefined>;
  /** Ends the named sessions of the user (or all), returning those it ended now; others' ids are ignored. */
  end(userId: string, ids: readonly string[] | 'all', now: number): Promise<Session[]>;
}
