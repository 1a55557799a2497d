/** Probes, metrics, keys and the app-link files: what orchestrators, relying services and phones read. */
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { appleAppSiteAssociation, assetLinks, jwksBody, liveBody, readyBody } from '../wire';
import { errors, ok } from './responses';

const ops = ['Operations'];
const appLinks = ['App links'];

export const operatorPaths: ZodOpenApiPathsObject = {
  '/livez': {
    get: {
      operationId: 'live',
      tags: ops,
      summary: 'The process answers',
      responses: { ...ok('Alive.', liveBody), ...errors() },
    },
  },
  '/readyz': {
    get: {
      operationId: 'ready',
      tags: ops,
      summary: 'Redis answers and the change subscription is live',
      responses: { ...ok('Ready.', readyBody), ...errors() },
    },
  },
  '/healthz': {
    get: {
      operationId: 'health',
      tags: ops,
      summary: 'The store answers a ping',
      responses: { ...ok('Healthy.', readyBody), ...errors() },
    },
  },
  '/metrics': {
    get: {
      operationId: 'metrics',
      tags: ops,
      summary: 'Prometheus metrics (404 here when METRICS_PORT is set: served there)',
      responses: {
        '200': { description: 'Prometheus text.', content: { 'text/plain': { schema: z.string() } } },
        ...errors('not_found'),
      },
    },
  },
  '/.well-known/jwks.json': {
    get: {
      operationId: 'sessionTokenKeys',
      tags: ops,
      summary: 'The public keys of session tokens',
      responses: { ...ok('The keys (none with HS256 secrets).', jwksBody), ...errors() },
    },
  },
  '/.well-known/apple-app-site-association': {
    get: {
      operationId: 'appleAppSiteAssociation',
      tags: appLinks,
      summary: 'iOS universal links for `/scan/*` (404 while APPLE_APP_IDS is unset)',
      responses: { ...ok('The association.', appleAppSiteAssociation), ...errors('not_found') },
    },
  },
  '/.well-known/assetlinks.json': {
    get: {
      operationId: 'androidAssetLinks',
      tags: appLinks,
      summary: 'Android App Links for `/scan/*` (404 while ANDROID_PACKAGE_NAME is unset)',
      responses: { ...ok('The statements.', assetLinks), ...errors('not_found') },
    },
  },
};
