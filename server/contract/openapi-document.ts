/** The OpenAPI 3.1 document of the HTTP API, generated from the wire schemas (served at `/openapi.json`). */
import { createDocument, type oas31 } from 'zod-openapi';
import { browserPaths } from './browser-paths';
import { operatorPaths } from './operator-paths';
import { pagePaths } from './page-paths';
import { phonePaths } from './phone-paths';
import { sessionPaths } from './session-paths';

/**
 * The one version of the service and its SDK packages (every package.json and changelog says the same; a unit
 * test holds them together): a site reads in /reference which service its SDK versions go with.
 */
export const CONTRACT_VERSION = '0.4.0';

export function openApiDocument(): oas31.OpenAPIObject {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'qr-login',
      version: CONTRACT_VERSION,
      description:
        'Log in on a website by scanning a QR code with an already-logged-in phone. Errors are `{error: {code, message}}`; times are ISO 8601 in UTC. The `/qr` Socket.IO namespace is described in `/asyncapi.json`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    // Open unless an operation names a scheme: pages, probes, the create.
    security: [],
    tags: [
      { name: 'Browser', description: 'The page that shows the QR code.' },
      { name: 'Phone', description: 'The app of a user who is already signed in.' },
      { name: 'Sessions', description: "The sessions and audit of the phone's user." },
      { name: 'Relying services', description: 'Sites that accepted a session token.' },
      { name: 'Operations', description: 'Probes, metrics and keys.' },
      { name: 'App links', description: 'Files that make a phone open `/scan/*` in the app.' },
      { name: 'Pages', description: "What a person's browser loads." },
      { name: 'SDK', description: 'The browser SDK files.' },
      { name: 'Demo', description: "Stand-ins for an app's own login, only while DEMO_USERS is on." },
      { name: 'Contract', description: 'This contract, machine- and human-readable.' },
    ],
    paths: { ...browserPaths, ...phonePaths, ...sessionPaths, ...operatorPaths, ...pagePaths },
    components: {
      securitySchemes: {
        browserSecret: {
          type: 'apiKey',
          in: 'header',
          name: 'X-QR-Secret',
          description: 'The `secret` of the create answer; malformed or wrong is `403 forbidden`.',
        },
        mobileToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "The app's user token." },
        introspectionClient: { type: 'http', scheme: 'basic', description: 'INTROSPECTION_CLIENT_ID and _SECRET.' },
      },
    },
  });
}
