import type http from 'node:http';
import type { CreatedLogin, ScanBody, StatusBody, TokenBody } from '../../server/wire';
import { expectStatus, fail, UUID_V4 } from './contract-checks';
import { type Exchange, type RequestOptions, request } from './http-request';

export interface CallOptions extends RequestOptions {
  /** The browser secret (sent as `X-QR-Secret`). */
  secret?: string;
  /** A mobile user token (sent as `Authorization: Bearer`). */
  token?: string;
}

export interface CreateOptions {
  /** e.g. `?image=none`; without it the contract's default (an SVG image). */
  query?: string;
  headers?: Record<string, string>;
}

/**
 * The one HTTP client of the tests: the browser and phone halves of the API, one method per contract row, each
 * answer returned whole and unchecked (`createLogin` is the one that insists on success).
 */
export class QrApi {
  /** `agent`: connections of its own (see RequestOptions), else the shared keep-alive pool. */
  constructor(
    readonly baseUrl: string,
    private readonly agent?: http.Agent,
  ) {}

  send<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Exchange<T>> {
    const { secret, token, ...rest } = options;
    const headers = { ...rest.headers };
    if (secret !== undefined) headers['x-qr-secret'] = secret;
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    return request<T>(this.baseUrl, method, path, { agent: this.agent, ...rest, headers });
  }

  create(options: CreateOptions = {}): Promise<Exchange<CreatedLogin>> {
    // JSON, as the contract asks of a create (a preflight across sites): an empty object will do.
    return this.send('POST', `/api/qr${options.query ?? ''}`, { headers: options.headers, json: {} });
  }

  status(id: string, secret?: string): Promise<Exchange<StatusBody>> {
    return this.send('GET', `/api/qr/${id}`, { secret });
  }

  token(id: string, secret?: string): Promise<Exchange<TokenBody>> {
    return this.send('POST', `/api/qr/${id}/token`, { secret });
  }

  cancel(id: string, secret?: string): Promise<Exchange> {
    return this.send('DELETE', `/api/qr/${id}`, { secret });
  }

  scan(id: string, token?: string, options: RequestOptions = {}): Promise<Exchange<ScanBody>> {
    return this.send('POST', `/api/qr/${id}/scan`, { ...options, token });
  }

  confirm(id: string, token?: string, options: RequestOptions = {}): Promise<Exchange> {
    return this.send('POST', `/api/qr/${id}/confirm`, { ...options, token });
  }

  deny(id: string, token?: string, options: RequestOptions = {}): Promise<Exchange> {
    return this.send('POST', `/api/qr/${id}/deny`, { ...options, token });
  }

  healthz(): Promise<Exchange> {
    return this.send('GET', '/healthz');
  }

  /** The Prometheus text of `GET /metrics`. */
  async metrics(): Promise<string> {
    return (await this.send('GET', '/metrics')).text;
  }

  /** POST /api/qr that must succeed; checks the 201 body's shape and that the QR never carries the secret. */
  async createLogin(options: CreateOptions = {}): Promise<CreatedLogin> {
    const exchange = await this.create(options);
    const body = expectStatus(exchange, 201) as CreatedLogin;
    if (!UUID_V4.test(body.id)) fail('id is not a UUID v4', exchange);
    if (typeof body.secret !== 'string' || !/^[A-Za-z0-9_-]{43,}$/.test(body.secret)) {
      fail('secret is not >= 256-bit base64url', exchange);
    }
    if (!body.content.includes(`/scan/${body.id}`) || body.content.includes(body.secret)) {
      fail('QR content must end with the id and never contain the secret', exchange);
    }
    const imageAsked = !options.query?.includes('image=none');
    if (imageAsked && !/^data:image\/(svg\+xml|png)[;,]/.test(body.image ?? '')) {
      fail('image is not an SVG or PNG data URL', exchange);
    }
    return body;
  }
}
