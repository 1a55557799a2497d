import type { Cluster, Redis } from 'ioredis';
import { z } from 'zod';
import { USER_EVENT_TYPES, type UserEvent } from '../../domain';
import type { AuditRetention, AuditTrail } from '../audit-port';
import { redisCall } from './connections';
import { defineScript } from './define-script';
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

type AuditRedis = (Redis | Cluster) & {
  appendAudit(key: string, maxEvents: number, oldestKept: number, retentionMs: number, event: string): Promise<number>;
};

/**
 * Each user's events as a Redis stream: appended with `XADD … MAXLEN`, trimmed by age with `XTRIM … MINID`,
 * and the whole stream expires after the retention without a new event.
 */
export class RedisAuditTrail implements AuditTrail {
  private readonly keys: RedisKeys;
  private readonly redis: AuditRedis;

  constructor(
    redis: Redis | Cluster,
    keyPrefix: string,
    private readonly retention: AuditRetention,
  ) {
    this.keys = redisKeys(keyPrefix);
    this.redis = redis as AuditRedis;
    defineScript(this.redis, 'appendAudit', 'append-audit-1.lua');
  }

  async append(userId: string, event: UserEvent): Promise<void> {
    const { auditEventsPerUser, auditRetentionMs } = this.retention;
    await redisCall(() =>
      this.redis.appendAudit(
        this.keys.audit(userId),
        auditEventsPerUser,
        event.at - auditRetentionMs,
        auditRetentionMs,
        JSON.stringify(event),
      ),
    );
  }

  async recent(userId: string, limit: number, now: number): Promise<UserEvent[]> {
    const entries = await redisCall(() => this.redis.xrevrange(this.keys.audit(userId), '+', '-', 'COUNT', limit));
    return entries.flatMap(fromEntry).filter((event) => event.at > now - this.retention.auditRetentionMs);
  }
}
