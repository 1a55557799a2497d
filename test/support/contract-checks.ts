import { type Exchange, show } from './http-request';

/**
 * Contract error table: each code has exactly one status. 405 and 415 are not in the contract's table but are the
 * honest answers to a wrong method or content type (threat model: "413/415"), so they are tolerated with these codes.
 */
export const STATUS_OF_CODE: Record<string, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  qr_replaced: 410,
  check_code_required: 400,
  check_code_mismatch: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  slow_down: 429,
};

/** Text that only appears when a server leaks internals: stack frames, source paths, raw exception names. */
const LEAK =
  /\n\s+at |\bat [\w.$<>]+ \(|node_modules|\/work\/|\.[jt]s:\d+|TypeError|ReferenceError|SyntaxError: |ECONN|ioredis/;

export class ContractViolation extends Error {}

export function fail(why: string, exchange: Exchange): never {
  throw new ContractViolation(`${why}\n  ${show(exchange)}`);
}

/** A refusal as the contract defines it: one of the expected statuses, `{error:{code,message}}` with the matching code, no leak. */
export function expectRefusal(exchange: Exchange, ...statuses: number[]): string {
  if (!statuses.includes(exchange.status)) fail(`expected status ${statuses.join(' or ')}`, exchange);
  return expectErrorBody(exchange);
}

/** Any 4xx with the contract's error body; 5xx or a bare body fails. Returns the code. */
export function expectClientError(exchange: Exchange): string {
  if (exchange.status < 400 || exchange.status >= 500) fail('expected a 4xx refusal', exchange);
  return expectErrorBody(exchange);
}

export function expectErrorBody(exchange: Exchange): string {
  const body = exchange.body as { error?: { code?: unknown; message?: unknown } } | undefined;
  const code = body?.error?.code;
  if (typeof code !== 'string' || typeof body?.error?.message !== 'string') {
    fail('expected body {error:{code,message}}', exchange);
  }
  if (STATUS_OF_CODE[code] !== undefined && STATUS_OF_CODE[code] !== exchange.status) {
    fail(`error code ${code} does not belong to status ${exchange.status}`, exchange);
  }
  if (STATUS_OF_CODE[code] === undefined) fail(`error code ${code} is not in the contract`, exchange);
  expectNoLeak(exchange);
  return code;
}

export function expectNoLeak(exchange: Exchange): void {
  if (LEAK.test(exchange.text)) fail('response leaks internals (stack trace, path or exception text)', exchange);
}

export function expectStatus(exchange: Exchange, status: number): unknown {
  if (exchange.status !== status) fail(`expected status ${status}`, exchange);
  expectNoLeak(exchange);
  return exchange.body;
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
