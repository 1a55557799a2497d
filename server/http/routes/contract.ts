import Router from '@koa/router';
import type { Context } from 'koa';
import { asyncApiDocument } from '../../contract/asyncapi-document';
import { openApiDocument } from '../../contract/openapi-document';
import { referencePage } from '../../contract/reference-page';

/** The contract as served: `/openapi.json`, `/asyncapi.json` and the page made of both, `/reference`. */
export function contractRoutes(): Router {
  const openApi = openApiDocument();
  const asyncApi = asyncApiDocument();
  const page = referencePage(openApi, asyncApi);
  const send = (ctx: Context, type: string, body: unknown) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.type = type;
    ctx.body = body;
  };
  const router = new Router();
  router.get('/openapi.json', (ctx) => send(ctx, 'application/json', openApi));
  router.get('/asyncapi.json', (ctx) => send(ctx, 'application/json', asyncApi));
  router.get('/reference', (ctx) => {
    ctx.state.inlineStyles = true;
    send(ctx, 'text/html; charset=utf-8', page);
  });
  return router;
}
