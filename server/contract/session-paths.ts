/** The phone's view of its user's sessions and audit, and introspection for relying services. */
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import {
  auditLimit,
  introspectionBody,
  introspectionRequest,
  loginId,
  sessionListBody,
  sessionsEndedBody,
  userEventsBody,
} from '../wire';
import { errors, json, limited, noContent, ok } from './responses';

const phone = [{ mobileToken: [] }];
const tags = ['Sessions'];

export const sessionPaths: ZodOpenApiPathsObject = {
  '/api/sessions': {
    get: {
      operationId: 'listSessions',
      tags,
      summary: "The user's live sessions, newest first",
      security: phone,
      responses: limited({ ...ok('The sessions.', sessionListBody), ...errors('unauthorized', 'rate_limited') }),
    },
    delete: {
      operationId: 'endAllSessions',
      tags,
      summary: 'End every live session of the user',
      security: phone,
      responses: limited({ ...ok('How many ended.', sessionsEndedBody), ...errors('unauthorized', 'rate_limited') }),
    },
  },
  '/api/sessions/{id}': {
    delete: {
      operationId: 'endSession',
      tags,
      summary: 'End one session',
      security: phone,
      requestParams: { path: z.object({ id: loginId }) },
      responses: limited({ ...noContent('Ended.'), ...errors('unauthorized', 'not_found', 'rate_limited') }),
    },
  },
  '/api/audit': {
    get: {
      operationId: 'listUserEvents',
      tags,
      summary: "The user's own recent QR-login events, newest first",
      security: phone,
      requestParams: { query: z.object({ limit: auditLimit.optional() }) },
      responses: limited({ ...ok('The events.', userEventsBody), ...errors('unauthorized', 'rate_limited') }),
    },
  },
  '/api/session/introspect': {
    post: {
      operationId: 'introspectSession',
      tags: ['Relying services'],
      summary: 'RFC 7662 token introspection (only with INTROSPECTION_CLIENT_ID/SECRET set)',
      security: [{ introspectionClient: [] }],
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': { schema: introspectionRequest },
          ...json(introspectionRequest),
        },
      },
      responses: limited({
        '200': {
          description: 'Active with its claims, or only `{"active": false}`.',
          content: json(introspectionBody),
        },
        ...errors('unauthorized', 'not_found', 'rate_limited'),
      }),
    },
  },
};
