import Router from '@koa/router';
import type { Context } from 'koa';
import type { MobileTokenVerifier } from '../../auth/mobile-tokens';
import type { Limit } from '../../limits/rate-limits';
import type { SessionService } from '../../service/session-service';
import { isLoginId } from '../../transport/login-id';
import type { SessionListBody, SessionsEndedBody, UserEventsBody } from '../../wire';
import { RequestError } from '../request-error';
import { clientIp } from '../request-input';
import { toEventBody, toSessionBody } from '../session-bodies';

const DEFAULT_EVENTS = 50;
const MAX_EVENTS = 100;

function sessionIdParam(ctx: Context): string {
  const id = (ctx.params as Record<string, string> | undefined)?.id;
  if (!isLoginId(id)) throw new RequestError('bad_request', 'The session id must be a UUID v4.');
  return id.toLowerCase();
}

function limitQuery(ctx: Context): number {
  const value = ctx.query.limit;
  if (value === undefined) return DEFAULT_EVENTS;
  if (typeof value !== 'string' || !/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > MAX_EVENTS) {
    throw new RequestError('bad_request', `limit must be a whole number from 1 to ${MAX_EVENTS}.`);
  }
  return Number(value);
}

/**
 * The phone's view of its user's sessions and audit: list, end one, end all, read recent events. The user
 * comes only from the verified mobile token, so nobody can name another user's sessions (theirs are 404).
 * Each call spends the same per-user allowance as scan, confirm and deny.
 */
export function sessionRoutes(sessions: SessionService, mobileTokens: MobileTokenVerifier, limitPerUser?: Limit) {
  const router = new Router();
  const user = async (ctx: Context) => {
    const { id } = await mobileTokens.verify(ctx.get('Authorization'));
    await limitPerUser?.(id);
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
    const id = sessionIdParam(ctx);
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
