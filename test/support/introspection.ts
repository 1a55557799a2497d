import type { IntrospectionBody } from '../../server/wire';
import { QrApi } from './qr-api';

/** The introspection client the session tests configure (INTROSPECTION_CLIENT_ID/SECRET). */
export const INTROSPECTION_CLIENT = { id: 'shop', secret: 'introspection-secret-0123456789abcdef' };
export const INTROSPECTION_ENV = {
  INTROSPECTION_CLIENT_ID: INTROSPECTION_CLIENT.id,
  INTROSPECTION_CLIENT_SECRET: INTROSPECTION_CLIENT.secret,
};

export const basicAuth = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** RFC 7662 as a relying service calls it: a form body, client credentials as HTTP Basic. */
export function introspect(
  server: { url: string },
  token: string,
  authorization = basicAuth(INTROSPECTION_CLIENT.id, INTROSPECTION_CLIENT.secret),
) {
  return new QrApi(server.url).send<IntrospectionBody>('POST', '/api/session/introspect', {
    body: new URLSearchParams({ token }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: authorization },
  });
}
