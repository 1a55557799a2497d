/** Socket.IO events of the `/qr` namespace, typed once for the gateway and the browser SDK. */
import type { StatusBody } from './http';

export const QR_NAMESPACE = '/qr';

export interface QrServerToClientEvents {
  state: (status: StatusBody) => void;
}

/** The browser only listens; it sends nothing after connecting. */
export type QrClientToServerEvents = Record<string, never>;

export interface QrSocketAuth {
  id: string;
  secret: string;
}

/** `connect_error` carries `data.code` so the browser can tell a wrong secret from a login that is gone. */
export interface QrConnectErrorData {
  code: 'not_found' | 'forbidden' | 'rate_limited' | 'unavailable';
}
