import Router from '@koa/router';
import type { Context } from 'koa';
import type { RateLimits } from '../../limits/rate-limits';
import { hashBrowserSecret } from '../../service/browser-secret';
import type { LoginService } from '../../service/login-service';
import { toStatusBody } from '../../transport/status-body';
import type { ImageFormat, StatusBody } from '../../wire';
import { toCreatedBody, toTokenBody } from '../bodies';
import { sameSiteJsonOnly } from '../cross-site';
import { pollPace } from '../poll-pace';
import { rateLimit } from '../rate-limit';
import { browserSecretHeader, caller, clientIp, imageFormatQuery, loginIdParam, requester } from '../request-input';

/** Names one answer of the status endpoint: a new version or a new QR content makes a new tag. */
function statusEtag(status: StatusBody, image: ImageFormat): string {
  return `"v${status.version}.r${status.rotation ?? 0}.${image}"`;
}

/**
 * Compared by hand rather than with Koa's `ctx.fresh`: fetch() adds `Cache-Control: no-cache` to every request
 * that carries its own If-None-Match, and `fresh` treats that as a reload that must never get 304.
 */
function matchesIfNoneMatch(header: string, etag: string): boolean {
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** The browser side of the contract: create, poll, take the token once, cancel. Translation only. */
export function browserRoutes(
  service: LoginService,
  limits: RateLimits,
  pollIntervalMs: number,
  corsOrigins: readonly string[],
): Router {
  const router = new Router({ prefix: '/api/qr' });

  router.post('/', sameSiteJsonOnly(corsOrigins), rateLimit(limits.createsPerIp, clientIp), async (ctx) => {
    const image = imageFormatQuery(ctx);
    ctx.status = 201;
    ctx.body = toCreatedBody(await service.create(requester(ctx), image), pollIntervalMs);
  });

  // Counted per login *and* secret: someone who saw the QR can spend only their own allowance, never the browser's.
  const pollerKey = (ctx: Context) =>
    `${loginIdParam(ctx)}:${hashBrowserSecret(browserSecretHeader(ctx)).slice(0, 32)}`;

  // A poll that finds nothing new gets 304 for its If-None-Match: the version names everything the body says.
  router.get('/:id', pollPace(limits.pollsPerLogin, pollerKey, pollIntervalMs), async (ctx) => {
    const image = imageFormatQuery(ctx, 'none');
    const status = toStatusBody(await service.status(loginIdParam(ctx), browserSecretHeader(ctx), image));
    const etag = statusEtag(status, image);
    ctx.set('ETag', etag);
    if (matchesIfNoneMatch(ctx.get('If-None-Match'), etag)) ctx.status = 304;
    else ctx.body = status;
  });

  router.post('/:id/token', async (ctx) => {
    ctx.body = toTokenBody(await service.exchangeToken(loginIdParam(ctx), browserSecretHeader(ctx), caller(ctx)));
  });

  router.delete('/:id', async (ctx) => {
    await service.cancel(loginIdParam(ctx), browserSecretHeader(ctx), caller(ctx));
    ctx.status = 204;
  });

  return router;
}
