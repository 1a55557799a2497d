import { randomUUID } from 'node:crypto';
import type { UserEvent } from '../../server/domain';
import type { AuditRetention, AuditTrail } from '../../server/store/audit-port';

export const RETENTION: AuditRetention = { auditEventsPerUser: 5, auditRetentionMs: 60_000 };

/** One suite for every AuditTrail adapter, opened with RETENTION. */
export function auditTrailContract(name: string, open: () => Promise<{ trail: AuditTrail; close(): Promise<void> }>) {
  describe(`${name} audit trail`, () => {
    let subject: { trail: AuditTrail; close(): Promise<void> };
    beforeAll(async () => {
      subject = await open();
    });
    afterAll(() => subject.close());

    const event = (n: number, at: number): UserEvent => ({
      type: 'scanned',
      at,
      loginId: `login-${n}`,
      ip: '10.0.0.1',
    });

    it('reads a user’s events back newest first, only that user’s', async () => {
      const [user, other] = [randomUUID(), randomUUID()];
      const now = Date.now();
      await subject.trail.append(user, event(1, now));
      await subject.trail.append(user, { type: 'signed_in', at: now + 1, sessionId: 's-1', loginId: 'login-1' });
      await subject.trail.append(other, event(9, now));
      expect(await subject.trail.recent(user, 10, now + 2)).toEqual([
        { type: 'signed_in', at: now + 1, sessionId: 's-1', loginId: 'login-1' },
        event(1, now),
      ]);
      expect(await subject.trail.recent(user, 1, now + 2)).toHaveLength(1);
    });

    it('keeps at most the newest events of the retention', async () => {
      const user = randomUUID();
      const now = Date.now();
      for (let n = 0; n < 8; n++) await subject.trail.append(user, event(n, now + n));
      const kept = await subject.trail.recent(user, 100, now + 10);
      expect(kept.map((e) => e.loginId)).toEqual([7, 6, 5, 4, 3].map((n) => `login-${n}`));
    });

    it('forgets events older than the retention', async () => {
      const user = randomUUID();
      const now = Date.now();
      await subject.trail.append(user, event(1, now));
      expect(await subject.trail.recent(user, 10, now + RETENTION.auditRetentionMs - 1)).toHaveLength(1);
      expect(await subject.trail.recent(user, 10, now + RETENTION.auditRetentionMs)).toEqual([]);
    });
  });
}
