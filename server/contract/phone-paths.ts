/** The phone's half of the API: scan (or type the code), confirm, deny. */
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { confirmRequest, decisionBody, scanBody, scanRequest, userCodeParam } from '../wire';
import { loginPath } from './browser-paths';
import { errors, json, limited, ok } from './responses';

const phone = [{ mobileToken: [] }];
const PHONE_ERRORS = ['unauthorized', 'forbidden', 'not_found', 'conflict', 'rate_limited'] as const;

export const phonePaths: ZodOpenApiPathsObject = {
  '/api/qr/{id}/scan': {
    post: {
      operationId: 'scanLogin',
      tags: ['Phone'],
      summary: 'Claim a pending login',
      security: phone,
      requestParams: loginPath,
      requestBody: { content: json(scanRequest) },
      responses: limited({
        ...ok('Scanned: what to show before confirming.', scanBody),
        ...errors(...PHONE_ERRORS, 'qr_replaced'),
      }),
    },
  },
  '/api/qr/{id}/confirm': {
    post: {
      operationId: 'confirmLogin',
      tags: ['Phone'],
      summary: 'Confirm a scanned login',
      security: phone,
      requestParams: loginPath,
      requestBody: { content: json(confirmRequest) },
      responses: limited({
        ...ok('Confirmed.', decisionBody),
        ...errors(...PHONE_ERRORS, 'check_code_required', 'check_code_mismatch'),
      }),
    },
  },
  '/api/qr/{id}/deny': {
    post: {
      operationId: 'denyLogin',
      tags: ['Phone'],
      summary: 'Deny a scanned login',
      security: phone,
      requestParams: loginPath,
      responses: limited({ ...ok('Denied.', decisionBody), ...errors(...PHONE_ERRORS) }),
    },
  },
  '/api/qr/by-code/{code}': {
    post: {
      operationId: 'scanLoginByCode',
      tags: ['Phone'],
      summary: 'Claim a pending login by the code typed instead of scanning',
      security: phone,
      requestParams: { path: z.object({ code: userCodeParam }) },
      responses: limited({ ...ok('Scanned.', scanBody), ...errors(...PHONE_ERRORS) }),
    },
  },
};
