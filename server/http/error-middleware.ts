import type { Context, Middleware } from 'koa';
import type { LoginState } from '../domain';
import type { Logger } from '../observability/logger';
import { LoginError } from '../service/errors';
import { StoreUnavailableError } from '../store/store-unavailable';
import { type ErrorBody, HTTP_STATUS } from '../wire';

import { RequestError } from './request-error';

/**
 * Any failure to read a body is the client's: too large is 413, everything else (bad JSON, a charset or
 * Content-Encoding that does not decode, a wrong length) is 400. The body parser calls this for each.
 */
export function bodyReadError(error: unknown): never {
  const status = (error as { status?: unknown })?.status;
  if (status === 413) throw new RequestError('payload_too_large', 'The request body is too large.');
  throw new RequestError('bad_request', 'The request body could not be read as JSON.');
}

/** The error body for what was thrown; what no client should see is logged and answered as `internal`. */
function toErrorBody(caught: unknown, ctx: Context, logger: Logger): ErrorBody {
  if (caught instanceof LoginError || caught instanceof RequestError) {
    const body: ErrorBody = { error: { code: caught.code, message: caught.message } };
    const details: { state?: LoginState; retryAfterSeconds?: number; pollIntervalMs?: number } = caught.details;
    if (details.state) body.error.state = details.state;
    if (details.pollIntervalMs !== undefined) body.error.pollIntervalMs = details.pollIntervalMs;
    if (details.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(details.retryAfterSeconds));
    if (caught.code === 'unavailable')
      logger.warn({ requestId: ctx.state.requestId, path: ctx.path, cause: String(caught.cause) }, 'unavailable');
    return body;
  }
  if (caught instanceof StoreUnavailableError) {
    logger.warn({ requestId: ctx.state.requestId, path: ctx.path, cause: String(caught.reason) }, 'store unavailable');
    return { error: { code: 'unavailable', message: caught.message } };
  }
  logger.error({ err: caught, requestId: ctx.state.requestId, method: ctx.method, path: ctx.path }, 'request failed');
  return { error: { code: 'internal', message: 'Something went wrong on our side.' } };
}

/** Every failure leaves as `{error: {code, message}}`; unexpected ones are logged and never show a stack. */
export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new RequestError('not_found', 'No such endpoint.');
    } catch (caught) {
      const body = toErrorBody(caught, ctx, logger);
      ctx.status = HTTP_STATUS[body.error.code];
      ctx.body = body;
    }
  };
}
