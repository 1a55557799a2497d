import type { Context } from 'koa';
import type { z } from 'zod';
import type { Requester } from '../domain';
import { wrongSecret } from '../service/errors';
import type { Caller } from '../service/login-service';
import { browserSecret, confirmRequest, type ImageFormat, imageFormat, loginId, scanRequest } from '../wire';
import { RequestError } from './request-error';

/**
 * Reading and checking what a request carries, each value by its schema in server/wire (the same schemas the
 * OpenAPI document shows). Bad input is refused here, before it reaches the service, naming the field.
 */

const MAX_USER_AGENT_LENGTH = 512;

/** The value as `schema` reads it, or the refusal `refuse` makes. */
export function accepted<T>(schema: z.ZodType<T>, value: unknown, refuse: () => Error): T {
  const result = schema.safeParse(value);
  if (!result.success) throw refuse();
  return result.data;
}

const badRequest = (message: string) => () => new RequestError('bad_request', message);

/** The `:id` path parameter as a lowercase UUID v4; `what` names it in the refusal. */
export function uuidParam(ctx: Context, what: string): string {
  const id = (ctx.params as Record<string, string> | undefined)?.id;
  return accepted(loginId, id, badRequest(`The ${what} id must be a UUID v4.`)).toLowerCase();
}

export function loginIdParam(ctx: Context): string {
  return uuidParam(ctx, 'QR login');
}

/** A malformed secret cannot be right: it is refused like a wrong one, without a store read. */
export function browserSecretHeader(ctx: Context): string {
  return accepted(browserSecret, ctx.get('X-QR-Secret'), wrongSecret);
}

export function imageFormatQuery(ctx: Context, fallback: ImageFormat = 'svg'): ImageFormat {
  return accepted(
    imageFormat,
    ctx.query.image ?? fallback,
    badRequest('The image parameter must be one of svg, png, none.'),
  );
}

/** The client's address, as resolved once per request by the app (see client-ip.ts). */
export function clientIp(ctx: Context): string {
  return ctx.state.clientIp as string;
}

/** An Origin header as a browser sends it: scheme, host and maybe a port, nothing else. */
const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]{1,253}(:\d{1,5})?$/i;

export function caller(ctx: Context): Caller {
  const origin = ctx.get('Origin');
  return ORIGIN_PATTERN.test(origin) ? { ip: clientIp(ctx), origin: origin.toLowerCase() } : { ip: clientIp(ctx) };
}

/** The browser that creates a login; its origin has passed the allowed-origins check (cross-site.ts) by now. */
export function requester(ctx: Context): Requester {
  return { ...caller(ctx), userAgent: ctx.get('User-Agent').slice(0, MAX_USER_AGENT_LENGTH) };
}

/** A named field of a JSON object body; any other body (none, an array, a string) has no fields. */
function bodyField(ctx: Context, name: string): unknown {
  const body = ctx.request.body as unknown;
  return body !== null && typeof body === 'object' && !Array.isArray(body) && Object.hasOwn(body, name)
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

/** The check code the phone's user picked (`{"checkCode": "42"}`), if the body names one. */
export function checkCodeBody(ctx: Context): string | undefined {
  const code = accepted(
    confirmRequest.shape.checkCode,
    bodyField(ctx, 'checkCode'),
    badRequest('checkCode must be the two-digit number picked on the phone.'),
  );
  return code === undefined ? undefined : String(code);
}

/** The rotation mark of the QR content the phone read (`{"rotation": "3.AbC…"}`), if the body names one. */
export function rotationBody(ctx: Context): string | undefined {
  return accepted(
    scanRequest.shape.rotation,
    bodyField(ctx, 'rotation'),
    badRequest('rotation must be the mark after /scan/<id>/ in the QR content.'),
  );
}
