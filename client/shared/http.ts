import { QrLoginApiError, QrLoginNetworkError } from './errors';
import type { ErrorBody, ErrorCode } from './wire-types';

/** Code used when an error answer is not the contract's JSON (for example a proxy's HTML page). */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'qr_replaced',
  413: 'payload_too_large',
  429: 'rate_limited',
};

export interface JsonRequest {
  method: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: unknown;
  keepalive?: boolean;
}

/** A conditional read: `notModified` when the service answered 304 to `If-None-Match`. */
export type ConditionalReply<T> = { notModified: true } | { notModified: false; body: T; etag?: string };

/**
 * One call to the service: JSON in, JSON out, every failure turned into a typed error.
 * Resolves `undefined` for `204 No Content`.
 */
export async function requestJson<T>(url: string, request: JsonRequest): Promise<T> {
  const response = await send(url, request);
  if (response.ok) {
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
  throw await toApiError(response);
}

/** A GET that sends the last ETag it saw and tells a 304 apart from a new body. */
export async function requestIfChanged<T>(
  url: string,
  request: JsonRequest,
  etag?: string,
): Promise<ConditionalReply<T>> {
  const headers = etag ? { ...request.headers, 'if-none-match': etag } : request.headers;
  const response = await send(url, { ...request, headers });
  if (response.status === 304) return { notModified: true };
  if (!response.ok) throw await toApiError(response);
  return { notModified: false, body: (await response.json()) as T, etag: response.headers.get('etag') ?? undefined };
}

async function send(url: string, request: JsonRequest): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';

  try {
    return await fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      keepalive: request.keepalive,
    });
  } catch (cause) {
    const blocked = await blockedByCors(url);
    throw new QrLoginNetworkError(
      blocked
        ? `${request.method} ${url} was blocked by CORS: the service does not allow this page's origin ${location.origin}; add it to the service's CORS_ORIGINS`
        : `${request.method} ${url} failed: ${String(cause)}`,
      { cause, reason: blocked ? 'cors' : 'network' },
    );
  }
}

/**
 * A browser hides why a cross-origin call failed. If the service answers a no-cors request (which CORS does not
 * guard), it is up, so the failed call was refused by CORS: the page's origin is not in its allow-list.
 */
async function blockedByCors(url: string): Promise<boolean> {
  if (typeof location === 'undefined') return false;
  const target = new URL(url, location.href);
  if (target.origin === location.origin) return false;
  try {
    await fetch(new URL('/livez', target), { mode: 'no-cors', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}

async function toApiError(response: Response): Promise<QrLoginApiError> {
  const retryAfter = Number(response.headers.get('retry-after'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  const body = (await response.json().catch(() => undefined)) as Partial<ErrorBody> | undefined;
  const code = (body?.error?.code as ErrorCode | undefined) ?? CODE_BY_STATUS[response.status] ?? 'unavailable';
  const message = body?.error?.message ?? `HTTP ${response.status}`;
  return new QrLoginApiError(response.status, code, message, retryAfterSeconds, body?.error?.pollIntervalMs);
}
