import Router from '@koa/router';
import type { FailureLimit, Limit } from '../../limits/rate-limits';
import { LoginError } from '../../service/errors';
import type { SessionService } from '../../service/session-service';
import { introspectionRequest } from '../../wire';
import { spendLimit } from '../rate-limit';
import { RequestError } from '../request-error';
import { accepted, clientIp } from '../request-input';
import { toIntrospectionBody } from '../session-bodies';

/** A JWT this service signs is far below this; anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 8192;

/** The one relying service allowed to introspect: its allowance is counted under this key. */
const CLIENT = 'client';

/**
 * RFC 7662 token introspection for relying services: `POST /api/session/introspect` with a form body
 * `token=<session token>` and the client credentials as HTTP Basic. The credentials are checked first (in
 * constant time, no I/O): the authenticated client spends an allowance of its own, and wrong credentials one per
 * client address, so wrong-credential calls from its address cannot lock it out. The secret (32 characters or
 * more) is beyond guessing; the failure limit bounds the load.
 */
export function introspectionRoutes(
  sessions: SessionService,
  authenticate: (authorization: string | undefined) => boolean,
  limits: { failuresPerIp?: FailureLimit; callsOfClient?: Limit },
): Router {
  const router = new Router();
  router.post('/api/session/introspect', async (ctx) => {
    if (!authenticate(ctx.get('Authorization'))) {
      await limits.failuresPerIp?.check(clientIp(ctx));
      await limits.failuresPerIp?.fail(clientIp(ctx));
      ctx.set('WWW-Authenticate', 'Basic realm="qr-login introspection"');
      throw new LoginError('unauthorized', 'Client authentication failed.');
    }
    await spendLimit(ctx, limits.callsOfClient, CLIENT);
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
