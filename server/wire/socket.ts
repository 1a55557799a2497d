/** Socket.IO events of the `/qr` namespace as schemas, for the gateway, the browser SDK and the AsyncAPI document. */
import { z } from 'zod';
import { browserSecret, loginId } from './formats';
import type { StatusBody } from './http';

export const QR_NAMESPACE = '/qr';

export interface QrServerToClientEvents {
  state: (status: StatusBody) => void;
}

/** The browser only listens; it sends nothing after connecting. */
export type QrClientToServerEvents = Record<string, never>;

/** The handshake's `auth`: the login's id and the browser's secret. */
export const qrSocketAuth = z.object({ id: loginId, secret: browserSecret }).meta({ id: 'QrSocketAuth' });
export type QrSocketAuth = z.infer<typeof qrSocketAuth>;

/** `connect_error` carries `data.code` so the browser can tell a wrong secret from a login that is gone. */
export const qrConnectErrorData = z
  .object({ code: z.enum(['not_found', 'forbidden', 'rate_limited', 'unavailable']) })
  .meta({ id: 'QrConnectErrorData' });
export type QrConnectErrorData = z.infer<typeof qrConnectErrorData>;
