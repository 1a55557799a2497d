import Router from '@koa/router';
import type { Limit } from '../../limits/rate-limits';
import { LoginError } from '../../service/errors';
import type { SessionService } from '../../service/session-service';
import { introspectionRequest } from '../../wire';
import { spendLimit } from '../rate-limit';
import { RequestError } from '../request-error';
import { accepted, clientIp } from '../request-input';
import { toIntrospectionBody } from '../session-bodies';

/** A JWT this service signs is far below this; anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 8192;

/**
 * RFC 7662 token introspection for relying services: `POST /api/session/introspect` with a form body
 * `token=<session token>` and the client credentials as HTTP Basic. Counted per client address.
 */
export function introspectionRoutes(
  sessions: SessionService,
  authenticate: (authorization: string | undefined) => boolean,
  limitPerIp?: Limit,
): Router {
  const router = new Router();
  router.post('/api/session/introspect', async (ctx) => {
    await spendLimit(ctx, limitPerIp, clientIp(ctx));
    if (!authenticate(ctx.get('Authorization'))) {
      ctx.set('WWW-Authenticate', 'Basic realm="qr-login introspection"');
      throw new LoginError('unauthorized', 'Client authentication failed.');
    }
    const token = accepted(
      introspectionRequest.shape.token,
      (ctx.request.body as Record<string, unknown> | undefined)?.token,
      () => new RequestError('bad_request', 'The form parameter `token` is required.'),
    );
    ctx.body = toIntrospectionBody(
      token.length > MAX_TOKEN_LENGTH ? { active: false } : await sessions.introspect(token),
    );
  });
  return router;
}
