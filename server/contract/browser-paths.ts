/** The browser's half of the API: create, poll, take the token once, cancel. */
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { createdLogin, imageFormat, loginId, statusBody, tokenBody } from '../wire';
import { errors, json, limited, noContent, ok } from './responses';

export const loginPath = { path: z.object({ id: loginId }) };
const browser = [{ browserSecret: [] }];

export const browserPaths: ZodOpenApiPathsObject = {
  '/api/qr': {
    post: {
      operationId: 'createLogin',
      tags: ['Browser'],
      summary: 'Create a QR login',
      description:
        "Rate-limited per client IP. Must be `Content-Type: application/json` (an empty `{}` will do); an `Origin` other than the service's own or one in `CORS_ORIGINS` is `403`.",
      requestParams: { query: z.object({ image: imageFormat.optional().meta({ description: 'Default `svg`.' }) }) },
      requestBody: { required: true, content: json(z.object({}).meta({ id: 'CreateRequest' })) },
      responses: limited({ ...ok('The new login.', createdLogin, '201'), ...errors('forbidden', 'rate_limited') }),
    },
  },
  '/api/qr/{id}': {
    get: {
      operationId: 'getLoginStatus',
      tags: ['Browser'],
      summary: "Read a login's status (polling)",
      security: browser,
      requestParams: {
        path: loginPath.path,
        query: z.object({ image: imageFormat.optional().meta({ description: 'Default `none`.' }) }),
        header: z.object({ 'If-None-Match': z.string().optional().meta({ description: 'The last ETag.' }) }),
      },
      responses: limited({
        '200': {
          description: 'The status now.',
          headers: z.object({ ETag: z.string().meta({ description: 'Names this answer.' }) }),
          content: json(statusBody),
        },
        '304': { description: 'Nothing changed since the ETag sent.' },
        ...errors('forbidden', 'not_found', 'slow_down'),
      }),
    },
    delete: {
      operationId: 'cancelLogin',
      tags: ['Browser'],
      summary: 'Cancel a login',
      security: browser,
      requestParams: loginPath,
      responses: { ...noContent('Cancelled.'), ...errors('forbidden', 'not_found', 'conflict') },
    },
  },
  '/api/qr/{id}/token': {
    post: {
      operationId: 'exchangeToken',
      tags: ['Browser'],
      summary: 'Take the session token of a confirmed login',
      security: browser,
      requestParams: loginPath,
      responses: { ...ok('The session token.', tokenBody), ...errors('forbidden', 'not_found', 'conflict') },
    },
  },
};
