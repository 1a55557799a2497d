import Router from '@koa/router';
import type { MobileTokenVerifier } from '../../auth/mobile-tokens';
import type { Limit } from '../../limits/rate-limits';
import type { LoginService } from '../../service/login-service';
import { caller, loginIdParam } from '../request-input';

/**
 * The phone side: scan, confirm, deny. The user comes only from the verified token; identity fields in a
 * body are never read (threat model T5). Each user has a per-minute allowance of calls.
 */
export function mobileRoutes(service: LoginService, mobileTokens: MobileTokenVerifier, limitPerUser?: Limit): Router {
  const router = new Router({ prefix: '/api/qr/:id' });
  const actions = {
    scan: service.scan.bind(service),
    confirm: service.confirm.bind(service),
    deny: service.deny.bind(service),
  };
  for (const [action, run] of Object.entries(actions)) {
    router.post(`/${action}`, async (ctx) => {
      const id = loginIdParam(ctx);
      const user = mobileTokens.verify(ctx.get('Authorization'));
      await limitPerUser?.(user.id);
      ctx.body = await run(id, user, caller(ctx));
    });
  }
  return router;
}
