import Router from '@koa/router';
import type { Context } from 'koa';
import type { RateLimits } from '../../limits/rate-limits';
import { hashBrowserSecret } from '../../service/browser-secret';
import type { LoginService } from '../../service/login-service';
import { rateLimit } from '../rate-limit';
import { browserSecretHeader, caller, clientIp, imageFormatQuery, loginIdParam, requester } from '../request-input';

/** The browser side of the contract: create, poll, take the token once, cancel. Translation only. */
export function browserRoutes(service: LoginService, limits: RateLimits): Router {
  const router = new Router({ prefix: '/api/qr' });

  router.post('/', rateLimit(limits.createsPerIp, clientIp), async (ctx) => {
    const image = imageFormatQuery(ctx);
    ctx.status = 201;
    ctx.body = await service.create(requester(ctx), image);
  });

  // Counted per login *and* secret: someone who saw the QR can spend only their own allowance, never the browser's.
  const pollerKey = (ctx: Context) =>
    `${loginIdParam(ctx)}:${hashBrowserSecret(browserSecretHeader(ctx)).slice(0, 32)}`;

  router.get('/:id', rateLimit(limits.pollsPerLogin, pollerKey), async (ctx) => {
    ctx.body = await service.status(loginIdParam(ctx), browserSecretHeader(ctx));
  });

  router.post('/:id/token', async (ctx) => {
    ctx.body = await service.exchangeToken(loginIdParam(ctx), browserSecretHeader(ctx), caller(ctx));
  });

  router.delete('/:id', async (ctx) => {
    await service.cancel(loginIdParam(ctx), browserSecretHeader(ctx), caller(ctx));
    ctx.status = 204;
  });

  return router;
}
