import Router from '@koa/router';
import type { MobileTokenVerifier } from '../../auth/mobile-tokens';
import type { LoginService } from '../../service/login-service';
import { loginIdParam } from '../request-input';

/**
 * The phone side: scan, confirm, deny. The user comes only from the verified token; identity fields in a
 * body are never read (threat model T5).
 */
export function mobileRoutes(service: LoginService, mobileTokens: MobileTokenVerifier): Router {
  const router = new Router({ prefix: '/api/qr/:id' });
  const actions = {
    scan: service.scan.bind(service),
    confirm: service.confirm.bind(service),
    deny: service.deny.bind(service),
  };
  for (const [action, run] of Object.entries(actions)) {
    router.post(`/${action}`, async (ctx) => {
      const id = loginIdParam(ctx);
      ctx.body = await run(id, mobileTokens.verify(ctx.get('Authorization')));
    });
  }
  return router;
}
