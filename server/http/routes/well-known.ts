import Router from '@koa/router';
import type { SessionTokenIssuer } from '../../auth/session-tokens';

/** `/.well-known/jwks.json`: the public keys of session tokens, so relying services need no shared secret. */
export function wellKnownRoutes(sessionTokens: SessionTokenIssuer): Router {
  const router = new Router();
  router.get('/.well-known/jwks.json', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = sessionTokens.jwks();
  });
  return router;
}
