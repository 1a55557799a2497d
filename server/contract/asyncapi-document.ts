/**
 * The AsyncAPI 3 document of the `/qr` Socket.IO namespace (served at `/asyncapi.json`), from the same wire
 * schemas as the HTTP document: the handshake's `auth`, the `state` pushes and the refusals.
 */
import { z } from 'zod';
import { createSchema } from 'zod-openapi';
import { QR_NAMESPACE, qrConnectErrorData, qrSocketAuth, statusBody } from '../wire';
import { CONTRACT_VERSION } from './openapi-document';

const ref = (pointer: string) => ({ $ref: pointer });

/** The payloads by message name; `createSchema` gathers every named schema they use into `components.schemas`. */
const PAYLOADS = z.object({ handshake: qrSocketAuth, state: statusBody, refusal: qrConnectErrorData });

export function asyncApiDocument() {
  const { components } = createSchema(PAYLOADS, { io: 'output', openapiVersion: '3.1.0' });
  const channel = ref('#/channels/qr');
  return {
    asyncapi: '3.1.0',
    info: {
      title: 'qr-login /qr namespace',
      version: CONTRACT_VERSION,
      description:
        "Socket.IO namespace `/qr` on the HTTP port (path `/socket.io/`, WebSocket transport recommended). A browser proves its login with `auth: {id, secret}`, is pushed `state` at once and after every change, and is disconnected after a final state. It sends nothing after connecting. Described from the server's side.",
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/json',
    servers: {
      qrLogin: {
        host: '{host}',
        protocol: 'wss',
        pathname: '/socket.io/',
        description: 'The service itself (`ws` without TLS); Engine.IO protocol 4.',
        variables: { host: { default: 'localhost:3000', description: 'The host and port of the service.' } },
      },
    },
    channels: {
      qr: {
        address: QR_NAMESPACE,
        title: 'A browser waiting on one login',
        messages: {
          handshake: ref('#/components/messages/handshake'),
          state: ref('#/components/messages/state'),
          connectError: ref('#/components/messages/connectError'),
        },
      },
    },
    operations: {
      acceptHandshake: {
        action: 'receive',
        channel,
        summary: "The browser joins with its login's id and secret (Socket.IO `auth`).",
        messages: [ref('#/channels/qr/messages/handshake')],
      },
      pushState: {
        action: 'send',
        channel,
        summary: 'The status on connecting and after every change; never an older version.',
        messages: [ref('#/channels/qr/messages/state')],
      },
      refuseConnection: {
        action: 'send',
        channel,
        summary: 'A refused handshake: `connect_error` whose `data` is this payload.',
        messages: [ref('#/channels/qr/messages/connectError')],
      },
    },
    components: {
      schemas: components,
      messages: {
        handshake: {
          name: 'auth',
          title: 'Handshake auth',
          summary: 'Sent once, as the `auth` of `io(url + "/qr", {auth})`.',
          payload: ref('#/components/schemas/QrSocketAuth'),
        },
        state: {
          name: 'state',
          title: 'State push',
          summary: 'The body of `GET /api/qr/{id}` (pushes carry no image).',
          payload: ref('#/components/schemas/StatusBody'),
        },
        connectError: {
          name: 'connect_error',
          title: 'Refusal',
          summary:
            '`not_found`: missing, malformed, unknown or expired id; `forbidden`: missing or wrong secret; `rate_limited`: too many attempts from the address; `unavailable`: Redis down.',
          payload: ref('#/components/schemas/QrConnectErrorData'),
        },
      },
    },
  };
}
