import { QrLoginApiError, QrLoginNetworkError } from './errors';
import { rateLimitStandings } from './rate-limit';
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

/** A call that has no answer in this time fails with code `timeout`, so no wait hangs forever. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface JsonRequest {
  method: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: unknown;
  keepalive?: boolean;
  /** Default `DEFAULT_REQUEST_TIMEOUT_MS`; covers the answer's body too. */
  timeoutMs?: number;
}

/** A conditional read: `notModified` when the service answered 304 to `If-None-Match`. */
export type ConditionalReply<T> = { notModified: true } | { notModified: false; body: T; etag?: string };

/**
 * One call to the service: JSON in, JSON out, every failure turned into a typed error.
 * Resolves `undefined` for `204 No Content`.
 */
export function requestJson<T>(url: string, request: JsonRequest): Promise<T> {
  return send(url, request, async (response, readJson) => {
    if (!response.ok) throw await toApiError(response);
    return (response.status === 204 ? undefined : await readJson()) as T;
  });
}

/** A GET that sends the last ETag it saw and tells a 304 apart from a new body. */
export function requestIfChanged<T>(url: string, request: JsonRequest, etag?: string): Promise<ConditionalReply<T>> {
  const headers = etag ? { ...request.headers, 'if-none-match': etag } : request.headers;
  return send(url, { ...request, headers }, async (response, readJson) => {
    if (response.status === 304) return { notModified: true };
    if (!response.ok) throw await toApiError(response);
    return { notModified: false, body: (await readJson()) as T, etag: response.headers.get('etag') ?? undefined };
  });
}

/**
 * Sends the request and lets `read` take the answer, all within the timeout: a service that accepts the
 * connection and then stalls, before or in the middle of the body, fails with code `timeout`.
 */
async function send<R>(
  url: string,
  request: JsonRequest,
  read: (response: Response, readJson: () => Promise<unknown>) => Promise<R>,
): Promise<R> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  // A plain controller and timer rather than AbortSignal.timeout(): the SDK supports browsers from 2020 on.
  const timeoutMs = request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const failure = (cause: unknown) =>
    deadline.signal.aborted
      ? new QrLoginNetworkError('timeout', `${request.method} ${url}: no answer within ${timeoutMs} ms`, { cause })
      : new QrLoginNetworkError('network', `${request.method} ${url} failed: ${String(cause)}`, { cause });
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        keepalive: request.keepalive,
        signal: deadline.signal,
      });
    } catch (cause) {
      if (!deadline.signal.aborted && (await blockedByCors(url))) {
        throw new QrLoginNetworkError(
          'network',
          `${request.method} ${url} was blocked by CORS: the service does not allow this page's origin ${location.origin}; add it to the service's CORS_ORIGINS`,
          { cause, reason: 'cors' },
        );
      }
      throw failure(cause);
    }
    return await read(response, () => response.json().catch((cause: unknown) => Promise.reject(failure(cause))));
  } finally {
    clearTimeout(timer);
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
  const body = (await response.json().catch(() => undefined)) as Partial<ErrorBody> | undefined;
  const code = (body?.error?.code as ErrorCode | undefined) ?? CODE_BY_STATUS[response.status] ?? 'unavailable';
  const message = body?.error?.message ?? `HTTP ${response.status}`;
  return new QrLoginApiError(
    response.status,
    code,
    message,
    retryAfterSeconds(response.headers.get('retry-after')),
    body?.error?.pollIntervalMs,
    rateLimitStandings(response.headers),
  );
}

/** `Retry-After` is either whole seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}
