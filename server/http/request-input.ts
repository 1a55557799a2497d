import type { Context } from 'koa';
import { type Requester, ROTATION_PATTERN } from '../domain';
import { BROWSER_SECRET_PATTERN } from '../service/browser-secret';
import { CHECK_CODE_PATTERN } from '../service/check-code';
import { wrongSecret } from '../service/errors';
import type { Caller } from '../service/login-service';
import { isLoginId } from '../transport/login-id';
import type { ImageFormat } from '../wire';
import { RequestError } from './request-error';

/** Reading and checking what a request carries. Bad input is refused here, before it reaches the service. */

const MAX_USER_AGENT_LENGTH = 512;

export function loginIdParam(ctx: Context): string {
  const id = (ctx.params as Record<string, string> | undefined)?.id;
  if (!isLoginId(id)) throw new RequestError('bad_request', 'The QR login id must be a UUID v4.');
  return id.toLowerCase();
}

/** A malformed secret cannot be right: it is refused like a wrong one, without a store read. */
export function browserSecretHeader(ctx: Context): string {
  const secret = ctx.get('X-QR-Secret');
  if (!BROWSER_SECRET_PATTERN.test(secret)) throw wrongSecret();
  return secret;
}

export function imageFormatQuery(ctx: Context, fallback: ImageFormat = 'svg'): ImageFormat {
  const image = ctx.query.image ?? fallback;
  if (image === 'svg' || image === 'png' || image === 'none') return image;
  throw new RequestError('bad_request', 'The image parameter must be one of svg, png, none.');
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
  const value = bodyField(ctx, 'checkCode');
  if (value === undefined) return undefined;
  const code = typeof value === 'number' ? String(value) : value;
  if (typeof code === 'string' && CHECK_CODE_PATTERN.test(code)) return code;
  throw new RequestError('bad_request', 'checkCode must be the two-digit number picked on the phone.');
}

/** The rotation mark of the QR content the phone read (`{"rotation": "3.AbC…"}`), if the body names one. */
export function rotationBody(ctx: Context): string | undefined {
  const value = bodyField(ctx, 'rotation');
  if (value === undefined) return undefined;
  if (typeof value === 'string' && ROTATION_PATTERN.test(value)) return value;
  throw new RequestError('bad_request', 'rotation must be the mark after /scan/<id>/ in the QR content.');
}
