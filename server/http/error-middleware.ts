import type { Middleware } from 'koa';
import { LoginError } from '../domain';
import type { Logger } from '../observability/logger';
import type { ErrorBody } from '../wire';
import { HTTP_STATUS } from './error-statuses';

/**
 * Any failure to read a body is the client's: too large is 413, everything else (bad JSON, a charset or
 * Content-Encoding that does not decode, a wrong length) is 400. The body parser calls this for each.
 */
export function bodyReadError(error: unknown): never {
  const status = (error as { status?: unknown })?.status;
  if (status === 413) throw new LoginError('payload_too_large', 'The request body is too large.');
  throw new LoginError('bad_request', 'The request body could not be read as JSON.');
}

/** Every failure leaves as `{error: {code, message}}`; unexpected ones are logged and never show a stack. */
export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new LoginError('not_found', 'No such endpoint.');
    } catch (caught) {
      let error = caught instanceof LoginError ? caught : undefined;
      if (!error) {
        logger.error({ err: caught, method: ctx.method, path: ctx.path }, 'request failed');
        error = new LoginError('internal', 'Something went wrong on our side.');
      } else if (error.code === 'unavailable') {
        logger.warn(
          { path: ctx.path, cause: String((caught as { reason?: unknown }).reason ?? '') },
          'store unavailable',
        );
      }
      const body: ErrorBody = { error: { code: error.code, message: error.message } };
      if (error.details.state) body.error.state = error.details.state;
      if (error.details.pollIntervalMs !== undefined) body.error.pollIntervalMs = error.details.pollIntervalMs;
      if (error.details.retryAfterSeconds !== undefined)
        ctx.set('Retry-After', String(error.details.retryAfterSeconds));
      ctx.status = HTTP_STATUS[error.code];
      ctx.body = body;
    }
  };
}
