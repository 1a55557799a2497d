import { type ConditionalReply, type JsonRequest, requestIfChanged, requestJson } from '../shared/http';
import type { CreatedLogin, LoginStatus, SessionGrant } from '../shared/wire-types';

/** The browser-side REST calls; the secret only ever travels in the `X-QR-Secret` header. */
export class BrowserApi {
  constructor(
    private readonly baseUrl: string,
    /** Each call fails with code `timeout` after this; default `DEFAULT_REQUEST_TIMEOUT_MS`. */
    private readonly timeoutMs?: number,
  ) {}

  /** `image`: the QR picture's format; without it the service's default (SVG). */
  createLogin(image?: 'svg' | 'png'): Promise<CreatedLogin> {
    const query = image ? `?image=${image}` : '';
    // A JSON body makes the create need a CORS preflight from other sites (the service refuses anything else).
    return requestJson<CreatedLogin>(`${this.baseUrl}/api/qr${query}`, this.request({ method: 'POST', body: {} }));
  }

  /**
   * With the ETag of the last answer, a status that has not changed comes back as `notModified` (304). `image`
   * asks for the QR image of a waiting login's current content (after it rotated).
   */
  fetchStatus(
    id: string,
    secret: string,
    etag?: string,
    image?: 'svg' | 'png',
  ): Promise<ConditionalReply<LoginStatus>> {
    const url = image ? `${this.loginUrl(id)}?image=${image}` : this.loginUrl(id);
    return requestIfChanged<LoginStatus>(
      url,
      this.request({ method: 'GET', headers: { 'x-qr-secret': secret } }),
      etag,
    );
  }

  exchangeToken(id: string, secret: string): Promise<SessionGrant> {
    return requestJson<SessionGrant>(
      `${this.loginUrl(id)}/token`,
      this.request({ method: 'POST', headers: { 'x-qr-secret': secret } }),
    );
  }

  /** `keepalive` lets the request outlive the page when it is sent from `pagehide`. */
  cancel(id: string, secret: string, options: { keepalive?: boolean } = {}): Promise<void> {
    return requestJson<void>(
      this.loginUrl(id),
      this.request({ method: 'DELETE', headers: { 'x-qr-secret': secret }, keepalive: options.keepalive }),
    );
  }

  private request(request: JsonRequest): JsonRequest {
    return { ...request, timeoutMs: this.timeoutMs };
  }

  private loginUrl(id: string): string {
    return `${this.baseUrl}/api/qr/${encodeURIComponent(id)}`;
  }
}
