import { MemoryAuditTrail } from '../../server/store/memory/memory-audit-trail';
import { auditTrailContract, RETENTION } from './audit-trail.contract';

auditTrailContract('the embedded (memory)', async () => ({
  trail: new MemoryAuditTrail(RETENTION),
  close: async () => {},
}));
