/** The building blocks every operation of the OpenAPI document shares: JSON content, error answers, headers. */
import type { ZodType } from 'zod';
import { z } from 'zod';
import type { ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { type ErrorCode, errorBody, HTTP_STATUS } from '../wire';

export const json = (schema: ZodType) => ({ 'application/json': { schema } });

export function ok(description: string, schema: ZodType, status = '200'): ZodOpenApiResponsesObject {
  return { [status]: { description, content: json(schema) } };
}

export const noContent = (description: string): ZodOpenApiResponsesObject => ({ '204': { description } });

const retryAfter = z.string().meta({ description: 'Seconds to wait before trying again.' });

/** The IETF httpapi draft's RateLimit header fields; absent while the limit is turned off (its setting 0). */
const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': z
    .string()
    .optional()
    .meta({ description: 'The limits the request counts against: `"<name>";q=<quota>;w=<window seconds>`, one each.' }),
  RateLimit: z
    .string()
    .optional()
    .meta({ description: 'What is left of each: `"<name>";r=<remaining>;t=<seconds until it resets>`.' }),
};

/** An operation counted by a rate limit: each of its answers may tell where the caller stands against it. */
export function limited(responses: ZodOpenApiResponsesObject): ZodOpenApiResponsesObject {
  const told: ZodOpenApiResponsesObject = {};
  for (const [status, response] of Object.entries(responses) as Array<[keyof ZodOpenApiResponsesObject, unknown]>) {
    const answer = response as ZodOpenApiResponseObject;
    const headers = (answer.headers as z.ZodObject | undefined)?.shape ?? {};
    told[status] = { ...answer, headers: z.object({ ...headers, ...RATE_LIMIT_HEADERS }) };
  }
  return told;
}

/** Any request may meet these: a body that does not read (400, 413), a bug (500), a store that does not answer (503). */
const ANY_REQUEST: ErrorCode[] = ['bad_request', 'payload_too_large', 'internal', 'unavailable'];

/**
 * The error body with its code narrowed to `codes`: loose objects, so the other fields stay ErrorBody's to judge
 * (an `allOf` in the document).
 */
const errorBodyWith = (codes: ErrorCode[]) =>
  z.intersection(errorBody, z.looseObject({ error: z.looseObject({ code: z.enum(codes) }) }));

/**
 * One response per status for the error codes an operation answers with, each `{error: {code, message}}` whose
 * code is one of those named for that status: an answer with another code breaks the document.
 */
export function errors(...codes: ErrorCode[]): ZodOpenApiResponsesObject {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of [...codes, ...ANY_REQUEST]) {
    const status = HTTP_STATUS[code];
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, named] of [...byStatus].sort(([a], [b]) => a - b)) {
    const response: ZodOpenApiResponseObject = {
      description: `Error ${[...named].map((code) => `\`${code}\``).join(', ')}.`,
      content: json(errorBodyWith([...named])),
    };
    if (status === 429 || status === 503) response.headers = z.object({ 'Retry-After': retryAfter.optional() });
    responses[String(status) as `${1 | 2 | 3 | 4 | 5}${string}`] = response;
  }
  return responses;
}
