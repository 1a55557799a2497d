import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { LoginService } from '../../service/login-service';
import { browserSecretHeader, imageFormatQuery, loginIdParam, requester } from '../request-input';

/** The browser side of the contract: create, poll, take the token once, cancel. Translation only. */
export function browserRoutes(service: LoginService, createLimit: Middleware): Router {
  const router = new Router({ prefix: '/api/qr' });

  router.post('/', createLimit, async (ctx) => {
    ctx.status = 201;
    ctx.body = await service.create(requester(ctx), imageFormatQuery(ctx));
  });

  router.get('/:id', async (ctx) => {
    ctx.body = await service.status(loginIdParam(ctx), browserSecretHeader(ctx));
  });

  router.post('/:id/token', async (ctx) => {
    ctx.body = await service.exchangeToken(loginIdParam(ctx), browserSecretHeader(ctx));
  });

  router.delete('/:id', async (ctx) => {
    await service.cancel(loginIdParam(ctx), browserSecretHeader(ctx));
    ctx.status = 204;
  });

  return router;
}
