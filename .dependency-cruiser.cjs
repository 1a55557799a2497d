/**
 * The inward rule, checked in `npm test` (`npm run deps`): transports → service → domain; the service reaches
 * stores and token issuers only through the ports it defines; adapters implement ports and know nothing else.
 */
const OURS = '^server/';

/** A rule: what matches `from` may not import what matches `to`. */
const forbid = (name, comment, from, to) => ({ name, severity: 'error', comment, from, to });

/** A rule: what matches `from` imports nothing of ours but what matches `allowed`. */
const onlyImports = (name, comment, from, allowed) =>
  forbid(name, comment, { path: from }, { path: OURS, pathNot: allowed });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid('no-cycles', 'A cycle hides which part depends on which.', {}, { circular: true }),
    onlyImports(
      'domain-is-pure',
      'The domain (the state machine as data) imports nothing of ours outside itself.',
      '^server/domain/',
      '^server/domain/',
    ),
    forbid(
      'service-knows-no-transport',
      'Use cases do not know Koa, Socket.IO, HTTP or the wire format; transports translate.',
      { path: '^server/service/' },
      {
        path: [
          '^server/(http|realtime|wire|transport)/',
          '(^|/)node_modules/(koa|@koa/[^/]+|socket\\.io)/',
          '^(node:)?https?$',
        ],
      },
    ),
    onlyImports(
      'service-reaches-adapters-through-ports',
      'The service imports the domain, the store port and its own ports, never an adapter.',
      '^server/service/',
      ['^server/(service|domain)/', '^server/store/[^/]+\\.ts$'],
    ),
    forbid(
      'transports-do-not-import-each-other',
      'What both transports need (id checks, client IP, status body) lives in server/transport/.',
      { path: '^server/(http|realtime)/' },
      { path: '^server/(http|realtime)/', pathNot: '^server/$1/' },
    ),
    forbid(
      'realtime-reads-through-the-service',
      'The fan-out reads logins through the service, so a push is what the first status would be; never the store.',
      { path: '^server/realtime/' },
      { path: '^server/store/' },
    ),
    onlyImports(
      'wire-is-the-contract-alone',
      'The SDKs import the wire types: they may name the states and the rotation mark, nothing else of the server.',
      '^server/wire/',
      ['^server/wire/', '^server/domain/(states|rotation)\\.ts$'],
    ),
    onlyImports(
      'contract-documents-the-wire',
      'The OpenAPI and AsyncAPI documents are built from the wire schemas alone, so they describe nothing else.',
      '^server/contract/',
      ['^server/contract/', '^server/wire/'],
    ),
    onlyImports(
      'store-adapters-import-their-port-and-the-domain',
      'An adapter (store/redis, store/memory) imports only the port (store/*.ts), the domain and its own folder.',
      '^server/store/([^/]+)/',
      ['^server/store/$1/', '^server/store/[^/]+\\.ts$', '^server/domain/'],
    ),
    forbid(
      'unit-tests-need-no-redis-or-chromium',
      '`npm run test:unit` runs test/unit without a Redis or a browser: they may not reach for one.',
      { path: '^test/unit/' },
      {
        path: [
          '(^|/)node_modules/(ioredis|playwright-core)/',
          '^test/(browser/)?support/(server|server-process|redis-server|tcp-proxy|chromium)\\.ts$',
          '^server/(compose|store/redis/.*)\\.ts$',
        ],
      },
    ),
    forbid(
      'server-package-stands-alone',
      '@qr-login/server is published on its own: it imports nothing of the service, the other SDKs or the tests.',
      // Its build configuration (tsup.config.ts) is not shipped; it shares the SDKs' build settings.
      { path: '^client/server/', pathNot: '^client/server/tsup\\.config\\.ts$' },
      { path: '^(server|test|scripts|examples|client/(?!server/))' },
    ),
    forbid(
      'mobile-sdk-has-no-node-modules',
      'The mobile SDK runs in React Native, which has none of Node’s modules (test/sdk/mobile-bundle.test.ts runs it so).',
      { path: '^client/(mobile|shared)/' },
      { dependencyTypes: ['core'] },
    ),
    forbid(
      'only-the-composition-root-and-main-know-config',
      'Parts get their settings handed in; only compose.ts (and main.ts) read the configuration.',
      { path: OURS, pathNot: ['^server/(compose|main)\\.ts$', '^server/config/'] },
      { path: '^server/config/(index|load-config)\\.ts$' },
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
