import Router from '@koa/router';
import type { Context } from 'koa';
import type { MobileTokenVerifier } from '../../auth/mobile-tokens';
import type { Limit } from '../../limits/rate-limits';
import type { SessionService } from '../../service/session-service';
import { auditLimit, type SessionListBody, type SessionsEndedBody, type UserEventsBody } from '../../wire';
import { spendLimit } from '../rate-limit';
import { RequestError } from '../request-error';
import { accepted, clientIp, uuidParam } from '../request-input';
import { toEventBody, toSessionBody } from '../session-bodies';

const DEFAULT_EVENTS = 50;

function limitQuery(ctx: Context): number {
  const value = ctx.query.limit;
  if (value === undefined) return DEFAULT_EVENTS;
  return accepted(
    auditLimit,
    value,
    () => new RequestError('bad_request', 'limit must be a whole number from 1 to 100.'),
  );
}

/**
 * The phone's view of its user's sessions and audit: list, end one, end all, read recent events. The user
 * comes only from the verified mobile token, so nobody can name another user's sessions (theirs are 404).
 * Each call spends the same per-user allowance as scan, confirm and deny.
 */
export function sessionRoutes(sessions: SessionService, mobileTokens: MobileTokenVerifier, limitPerUser?: Limit) {
  const router = new Router();
  const user = async (ctx: Context) => {
    const { id } = await mobileTokens.verify(ctx.get('Authorization'), clientIp(ctx));
    await spendLimit(ctx, limitPerUser, id);
    return id;
  };

  router.get('/api/sessions', async (ctx) => {
    const body: SessionListBody = { sessions: (await sessions.list(await user(ctx))).map(toSessionBody) };
    ctx.body = body;
  });

  router.delete('/api/sessions', async (ctx) => {
    const body: SessionsEndedBody = { ended: await sessions.endAll(await user(ctx), clientIp(ctx)) };
    ctx.body = body;
  });

  router.delete('/api/sessions/:id', async (ctx) => {
    const id = uuidParam(ctx, 'session');
    await sessions.end(await user(ctx), id, clientIp(ctx));
    ctx.status = 204;
  });

  router.get('/api/audit', async (ctx) => {
    const limit = limitQuery(ctx);
    const body: UserEventsBody = { events: (await sessions.events(await user(ctx), limit)).map(toEventBody) };
    ctx.body = body;
  });

  return router;
}
