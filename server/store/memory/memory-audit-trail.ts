import type { UserEvent } from '../../domain';
import type { AuditRetention, AuditTrail } from '../audit-port';
import { ExpiringLists } from './expiring-lists';

/** The audit for the embedded store: each user's newest events in order, trimmed like the Redis stream. */
export class MemoryAuditTrail implements AuditTrail {
  private readonly events: ExpiringLists<UserEvent>;

  constructor(private readonly retention: AuditRetention) {
    this.events = new ExpiringLists((event, now) => event.at > now - retention.auditRetentionMs);
  }

  async append(userId: string, event: UserEvent): Promise<void> {
    const events = [...this.events.get(userId, event.at), { ...event }];
    this.events.set(userId, events.slice(-this.retention.auditEventsPerUser), event.at);
  }

  async recent(userId: string, limit: number, now: number): Promise<UserEvent[]> {
    return this.events
      .get(userId, now)
      .slice(-limit)
      .reverse()
      .map((event) => ({ ...event }));
  }
}
