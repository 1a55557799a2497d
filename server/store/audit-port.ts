import type { UserEvent } from '../domain';

export interface AuditRetention {
  /** Events kept per user; older ones are trimmed as new ones arrive. */
  auditEventsPerUser: number;
  /** Events older than this are trimmed; a user with no event for this long has none kept at all. */
  auditRetentionMs: number;
}

/** Each user's recent QR-login events, bounded in number and age, for the user to read back. */
export interface AuditTrail {
  append(userId: string, event: UserEvent): Promise<void>;
  /** Newest first, at most `limit`, none older than the retention. */
  recent(userId: string, limit: number, now: number): Promise<UserEvent[]>;
}
