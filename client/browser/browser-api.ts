import { requestJson } from '../shared/http';
import type { CreatedLogin, LoginStatus, SessionGrant } from '../shared/wire-types';

/** The browser-side REST calls; the secret only ever travels in the `X-QR-Secret` header. */
export class BrowserApi {
  constructor(private readonly baseUrl: string) {}

  createLogin(): Promise<CreatedLogin> {
    return requestJson<CreatedLogin>(`${this.baseUrl}/api/qr`, { method: 'POST' });
  }

  fetchStatus(id: string, secret: string): Promise<LoginStatus> {
    return requestJson<LoginStatus>(this.loginUrl(id), { method: 'GET', headers: { 'x-qr-secret': secret } });
  }

  exchangeToken(id: string, secret: string): Promise<SessionGrant> {
    return requestJson<SessionGrant>(`${this.loginUrl(id)}/token`, {
      method: 'POST',
      headers: { 'x-qr-secret': secret },
    });
  }

  /** `keepalive` lets the request outlive the page when it is sent from `pagehide`. */
  cancel(id: string, secret: string, options: { keepalive?: boolean } = {}): Promise<void> {
    return requestJson<void>(this.loginUrl(id), {
      method: 'DELETE',
      headers: { 'x-qr-secret': secret },
      keepalive: options.keepalive,
    });
  }

  private loginUrl(id: string): string {
    return `${this.baseUrl}/api/qr/${encodeURIComponent(id)}`;
  }
}
