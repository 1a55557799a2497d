import type { Middleware } from 'koa';
import { LoginError, type ErrorCode } from '../domain';
import type { ErrorBody } from '../wire';
import type { Logger } from '../observability/logger';
import { HTTP_STATUS } from './error-statuses';

/** Errors Koa middleware raises (body parser and friends) carry a status; they become contract codes here. */
function fromHttpError(error: unknown): LoginError | undefined {
  const status = (error as { status?: unknown })?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  const codes: Record<number, [ErrorCode, string]> = {
    413: ['payload_too_large', 'The request body is too large.'],
    415: ['bad_request', 'The request body must be JSON.'],
  };
  const [code, message] = codes[status] ?? ['bad_request', 'The request is malformed.'];
  return new LoginError(code, message);
}

/** Every failure leaves as `{error: {code, message}}`; unexpected ones are logged and never show a stack. */
export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new LoginError('not_found', 'No such endpoint.');
    } catch (caught) {
      let error = caught instanceof LoginError ? caught : fromHttpError(caught);
      if (!error) {
        logger.error({ err: caught, method: ctx.method, path: ctx.path }, 'request failed');
        error = new LoginError('internal', 'Something went wrong on our side.');
      } else if (error.code === 'unavailable') {
        logger.warn({ path: ctx.path, cause: String((caught as { reason?: unknown }).reason ?? '') }, 'store unavailable');
      }
      const body: ErrorBody = { error: { code: error.code, message: error.message } };
      if (error.details.state) body.error.state = error.details.state;
      if (error.details.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(error.details.retryAfterSeconds));
      ctx.status = HTTP_STATUS[error.code];
      ctx.body = body;
    }
  };
}
