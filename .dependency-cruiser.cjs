/**
 * The inward rule, checked in `npm test` (`npm run deps`): transports → service → domain; the service reaches
 * stores and token issuers only through the ports it defines; adapters implement ports and know nothing else.
 */
const OURS = '^server/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle hides which part depends on which.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain (the state machine as data) imports nothing of ours outside itself.',
      from: { path: '^server/domain/' },
      to: { path: OURS, pathNot: '^server/domain/' },
    },
    {
      name: 'service-knows-no-transport',
      severity: 'error',
      comment: 'Use cases do not know Koa, Socket.IO, HTTP or the wire format; transports translate.',
      from: { path: '^server/service/' },
      to: {
        path: [
          '^server/(http|realtime|wire|transport)/',
          '(^|/)node_modules/(koa|@koa/[^/]+|socket\\.io)/',
          '^(node:)?https?$',
        ],
      },
    },
    {
      name: 'service-reaches-adapters-through-ports',
      severity: 'error',
      comment: 'The service imports the domain, the store port and its own ports, never an adapter.',
      from: { path: '^server/service/' },
      to: { path: OURS, pathNot: ['^server/(service|domain)/', '^server/store/[^/]+\\.ts$'] },
    },
    {
      name: 'transports-do-not-import-each-other',
      severity: 'error',
      comment: 'What both transports need (id checks, client IP, status body) lives in server/transport/.',
      from: { path: '^server/(http|realtime)/' },
      to: { path: '^server/(http|realtime)/', pathNot: '^server/$1/' },
    },
    {
      name: 'realtime-reads-through-the-service',
      severity: 'error',
      comment: 'Pushes are read the way a socket is first answered: through the service, never the store.',
      from: { path: '^server/realtime/' },
      to: { path: '^server/store/' },
    },
    {
      name: 'wire-is-the-contract-alone',
      severity: 'error',
      comment: 'The SDKs import the wire types: they may name the states, nothing else of the server.',
      from: { path: '^server/wire/' },
      to: { path: OURS, pathNot: ['^server/wire/', '^server/domain/states\\.ts$'] },
    },
    {
      name: 'store-adapters-import-their-port-and-the-domain',
      severity: 'error',
      comment:
        'An adapter (store/redis, store/memory) imports only the port (store/*.ts), the domain and its own folder.',
      from: { path: '^server/store/([^/]+)/' },
      to: { path: OURS, pathNot: ['^server/store/$1/', '^server/store/[^/]+\\.ts$', '^server/domain/'] },
    },
    {
      name: 'unit-tests-need-no-redis-or-chromium',
      severity: 'error',
      comment: '`npm run test:unit` runs test/unit without a Redis or a browser: they may not reach for one.',
      from: { path: '^test/unit/' },
      to: {
        path: [
          '(^|/)node_modules/(ioredis|playwright-core)/',
          '^test/(browser/)?support/(server|server-process|redis-server|tcp-proxy|chromium)\\.ts$',
          '^server/(compose|store/redis/.*)\\.ts$',
        ],
      },
    },
    {
      name: 'only-the-composition-root-and-main-know-config',
      severity: 'error',
      comment: 'Parts get their settings handed in; only compose.ts (and main.ts) read the configuration.',
      from: { path: OURS, pathNot: ['^server/(compose|main)\\.ts$'] },
      to: { path: '^server/config\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
