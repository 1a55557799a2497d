/** What a person's browser loads: the pages the QR opens, the SDK files, the demo, and this contract itself. */
import { z } from 'zod';
import type { ZodOpenApiPathsObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { demoUsersBody, loginId, mobileTokenBody, mobileTokenRequest, rotationMark } from '../wire';
import { errors, json, ok } from './responses';

const text = (type: string, description: string): ZodOpenApiResponsesObject => ({
  '200': { description, content: { [type]: { schema: z.string() } } },
});
const notModified: ZodOpenApiResponsesObject = { '304': { description: 'Unchanged since the ETag sent.' } };
const pages = ['Pages'];

const page = (operationId: string, summary: string, path?: z.ZodObject) => ({
  get: {
    operationId,
    tags: pages,
    summary,
    ...(path && { requestParams: { path } }),
    responses: { ...text('text/html', 'The page.'), ...notModified, ...errors('not_found') },
  },
});

const sdkFile = (operationId: string, summary: string) => ({
  get: {
    operationId,
    tags: ['SDK'],
    summary,
    responses: { ...text('text/javascript', 'The browser SDK.'), ...notModified, ...errors('not_found') },
  },
});

const contractFile = (operationId: string, summary: string) => ({
  get: {
    operationId,
    tags: ['Contract'],
    summary,
    responses: { ...ok('The document.', z.looseObject({})), ...errors() },
  },
});

export const pagePaths: ZodOpenApiPathsObject = {
  '/': page('homePage', 'The demo login page, or (demo off) a page naming the service'),
  '/scan/{id}': page('scanPage', 'What the QR opens in a browser', z.object({ id: loginId })),
  '/scan/{id}/{rotation}': page(
    'rotatedScanPage',
    'What a rotating QR opens in a browser',
    z.object({ id: loginId, rotation: rotationMark }),
  ),
  '/phone': page('typedCodePage', 'The demo phone page without a camera: type the code under the QR (demo only)'),
  '/sdk/qr-login.js': sdkFile('browserSdkScript', 'The browser SDK as a script (global `QrLogin`)'),
  '/sdk/qr-login.mjs': sdkFile('browserSdkModule', 'The browser SDK as an ES module'),
  '/sdk/qr-login-element.js': sdkFile(
    'browserSdkElement',
    'The `<qr-login>` element: an ES module that defines it (and exports what the SDK module does)',
  ),
  '/demo/assets/{name}': {
    get: {
      operationId: 'demoAsset',
      tags: pages,
      summary: "The demo pages' scripts and styles",
      requestParams: { path: z.object({ name: z.enum(['login-page.js', 'phone-page.js', 'styles.css']) }) },
      responses: {
        '200': {
          description: 'The file.',
          content: { 'text/javascript': { schema: z.string() }, 'text/css': { schema: z.string() } },
        },
        ...notModified,
        ...errors('not_found'),
      },
    },
  },
  '/demo/users': {
    get: {
      operationId: 'demoUsers',
      tags: ['Demo'],
      summary: 'The demo users (only while DEMO_USERS is on)',
      responses: { ...ok('The users.', demoUsersBody), ...errors('not_found') },
    },
  },
  '/demo/mobile-token': {
    post: {
      operationId: 'demoMobileToken',
      tags: ['Demo'],
      summary: "A demo user's mobile token (only while DEMO_USERS is on)",
      requestBody: { required: true, content: json(mobileTokenRequest) },
      responses: { ...ok('The token.', mobileTokenBody), ...errors('not_found') },
    },
  },
  '/openapi.json': contractFile('openApiDocument', 'This OpenAPI document'),
  '/asyncapi.json': contractFile('asyncApiDocument', 'The AsyncAPI document of the `/qr` Socket.IO namespace'),
  '/reference': {
    get: {
      operationId: 'apiReference',
      tags: ['Contract'],
      summary: 'This document as a page to read',
      responses: { ...text('text/html', 'The reference.'), ...errors() },
    },
  },
};
