import type { ErrorCode } from './http';

/** The one place where error codes become HTTP statuses (contract: error table). */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  qr_replaced: 410,
  check_code_required: 400,
  check_code_mismatch: 403,
  payload_too_large: 413,
  rate_limited: 429,
  slow_down: 429,
  internal: 500,
  unavailable: 503,
};
