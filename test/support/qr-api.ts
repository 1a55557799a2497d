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

/**
 * What the browser of every login created through a QrApi in this test process holds, by id: its secret, and the QR
 * content it was given until that content rotates. The phone half reads this screen the way a person does (the
 * QR's rotation mark, the number to pick) unless a test sends its own body.
 */
const browserScreens = new Map<string, { secret: string; content: string; rotatesAt?: number }>();

/** The scan body a phone sends for the QR content it read: `{rotation}` when the content carries a mark. */
export function scanBodyOf(content: string): { rotation: string } | undefined {
  const rotation = /\/scan\/[^/]+\/([^/]+)$/.exec(content)?.[1];
  return rotation === undefined ? undefined : { rotation };
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

  async create(options: CreateOptions = {}): Promise<Exchange<CreatedLogin>> {
    // JSON, as the contract asks of a create (a preflight across sites): an empty object will do.
    const exchange = await this.send<CreatedLogin>('POST', `/api/qr${options.query ?? ''}`, {
      headers: options.headers,
      json: {},
    });
    if (exchange.status === 201) {
      const { id, secret, content, rotatesAt } = exchange.body;
      browserScreens.set(id, {
        secret,
        content,
        rotatesAt: rotatesAt === undefined ? undefined : Date.parse(rotatesAt),
      });
    }
    return exchange;
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

  /**
   * Without a `json` or `body` of its own, the scan sends the rotation mark of the QR the browser shows now (read
   * from its status, when the login was created here), as a phone that read the screen does.
   */
  async scan(id: string, token?: string, options: RequestOptions = {}): Promise<Exchange<ScanBody>> {
    const json = options.json ?? (options.body === undefined ? await this.markShown(id) : undefined);
    return this.send('POST', `/api/qr/${id}/scan`, { ...options, json, token });
  }

  /**
   * Without a `json` or `body` of its own, the confirm picks the number the browser shows (read from its status,
   * when the login was created here), as the person holding the phone does. `json: {}` sends no pick.
   */
  async confirm(id: string, token?: string, options: RequestOptions = {}): Promise<Exchange> {
    const json = options.json ?? (options.body === undefined ? await this.checkCodeShown(id) : undefined);
    return this.send('POST', `/api/qr/${id}/confirm`, { ...options, json, token });
  }

  /**
   * `{rotation}`: the mark of the QR content the browser of a login created here shows now (the content it was
   * given, else its status); undefined when it shows none (not waiting, no rotation) or the login is not known here.
   */
  async markShown(id: string): Promise<{ rotation: string } | undefined> {
    const screen = browserScreens.get(id);
    if (screen === undefined) return undefined;
    const fresh = screen.rotatesAt === undefined || Date.now() < screen.rotatesAt;
    const content = fresh ? screen.content : (await this.shown(id))?.content;
    return content === undefined ? undefined : scanBodyOf(content);
  }

  /** `{checkCode}`: the number the browser of a login created here shows while scanned; else undefined. */
  async checkCodeShown(id: string): Promise<{ checkCode: string } | undefined> {
    const checkCode = (await this.shown(id))?.checkCode;
    return checkCode === undefined ? undefined : { checkCode };
  }

  private async shown(id: string): Promise<StatusBody | undefined> {
    const screen = browserScreens.get(id);
    if (screen === undefined) return undefined;
    const status = await this.status(id, screen.secret);
    return status.status === 200 ? status.body : undefined;
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
