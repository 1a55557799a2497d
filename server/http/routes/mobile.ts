import Router from '@koa/router';
import type { Context } from 'koa';
import type { MobileTokenVerifier } from '../../auth/mobile-tokens';
import type { LoginUser } from '../../domain';
import type { Limit } from '../../limits/rate-limits';
import type { Caller, LoginService } from '../../service/login-service';
import type { DecisionBody, ScanBody } from '../../wire';
import { toDecisionBody, toScanBody } from '../bodies';
import { spendLimit } from '../rate-limit';
import { caller, checkCodeBody, clientIp, loginIdParam, rotationBody } from '../request-input';

/**
 * The phone side: scan, confirm, deny. The user comes only from the verified token; identity fields in a
 * body are never read (threat model T5); a scan's body carries the rotation mark of the QR content it read, a
 * confirm's the check code the user picked.
 * Each user has a per-minute allowance of calls.
 */
export function mobileRoutes(service: LoginService, mobileTokens: MobileTokenVerifier, limitPerUser?: Limit): Router {
  const router = new Router({ prefix: '/api/qr/:id' });
  const actions: Record<
    string,
    (id: string, user: LoginUser, who: Caller, ctx: Context) => Promise<ScanBody | DecisionBody>
  > = {
    scan: async (id, user, who, ctx) => toScanBody(await service.scan(id, user, who, rotationBody(ctx))),
    confirm: async (id, user, who, ctx) => {
      await service.confirm(id, user, who, checkCodeBody(ctx));
      return toDecisionBody(id, 'confirmed');
    },
    deny: async (id, user, who) => {
      await service.deny(id, user, who);
      return toDecisionBody(id, 'denied');
    },
  };
  for (const [action, run] of Object.entries(actions)) {
    router.post(`/${action}`, async (ctx) => {
      const id = loginIdParam(ctx);
      const user = await mobileTokens.verify(ctx.get('Authorization'), clientIp(ctx));
      await spendLimit(ctx, limitPerUser, user.id);
      ctx.body = await run(id, user, caller(ctx), ctx);
    });
  }
  return router;
}
