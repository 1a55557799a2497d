import type { Cluster, Redis } from 'ioredis';
import { z } from 'zod';
import { USER_EVENT_TYPES, type UserEvent } from '../../domain';
import type { AuditRetention, AuditTrail } from '../audit-port';
import { StoreUnavailableError } from '../store-unavailable';
import { redisCall } from './connections';
import { type RedisKeys, redisKeys } from './keys';

const storedEvent = z.object({
  type: z.enum(USER_EVENT_TYPES),
  at: z.number(),
  loginId: z.string().optional(),
  sessionId: z.string().optional(),
  ip: z.string().optional(),
  reason: z.string().optional(),
});

function fromEntry([, fields]: [string, string[]]): UserEvent[] {
  try {
    const parsed = storedEvent.safeParse(JSON.parse(fields[1] ?? ''));
    return parsed.success ? [parsed.data] : [];
  } catch {
    return [];
  }
}

/**
 * Each user's events as a Redis stream: appended with `XADD … MAXLEN`, trimmed by age with `XTRIM … MINID`,
 * and the whole stream expires after the retention without a new event.
 */
export class RedisAuditTrail implements AuditTrail {
  private readonly keys: RedisKeys;

  constructor(
    private readonly redis: Redis | Cluster,
    keyPrefix: string,
    private readonly retention: AuditRetention,
  ) {
    this.keys = redisKeys(keyPrefix);
  }

  async append(userId: string, event: UserEvent): Promise<void> {
    const key = this.keys.audit(userId);
    const { auditEventsPerUser, auditRetentionMs } = this.retention;
    const replies = await redisCall(() =>
      this.redis
        .multi()
        .xadd(key, 'MAXLEN', auditEventsPerUser, '*', 'event', JSON.stringify(event))
        .xtrim(key, 'MINID', event.at - auditRetentionMs)
        .pexpire(key, auditRetentionMs)
        .exec(),
    );
    const failed = replies?.find(([error]) => error)?.[0];
    if (failed) throw new StoreUnavailableError(failed);
  }

  async recent(userId: string, limit: number, now: number): Promise<UserEvent[]> {
    const entries = await redisCall(() => this.redis.xrevrange(this.keys.audit(userId), '+', '-', 'COUNT', limit));
    return entries.flatMap(fromEntry).filter((event) => event.at > now - this.retention.auditRetentionMs);
  }
}
