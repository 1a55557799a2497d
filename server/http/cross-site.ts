import type { Middleware } from 'koa';
import { LoginError } from '../service/errors';
import { originAllowed } from '../transport/origin';
import { RequestError } from './request-error';

/**
 * A create spends the calling address's allowance, so a page on another site must not be able to make one
 * from its visitors' browsers (a whole office behind one NAT would be locked out). Requiring a JSON body makes
 * it a request a browser sends across sites only after a CORS preflight, which only allowed origins pass; the
 * Origin check refuses the rest outright. Both run before the rate limit, so a refused create spends nothing.
 */
export function sameSiteJsonOnly(corsOrigins: readonly string[]): Middleware {
  const allowed = new Set(corsOrigins);
  return async (ctx, next) => {
    if (!originAllowed(ctx.req, allowed)) {
      throw new LoginError('forbidden', 'This origin may not create QR logins.');
    }
    if (ctx.request.type !== 'application/json') {
      throw new RequestError('bad_request', 'Send Content-Type: application/json (an empty {} body will do).');
    }
    await next();
  };
}
