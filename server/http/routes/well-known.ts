import Router from '@koa/router';
import type { SessionTokens } from '../../auth/session-tokens';

/** `/.well-known/jwks.json`: the public keys of session tokens, so relying services need no shared secret. */
export function wellKnownRoutes(sessionTokens: SessionTokens): Router {
  const router = new Router();
  router.get('/.well-known/jwks.json', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = sessionTokens.jwks();
  });
  return router;
}
