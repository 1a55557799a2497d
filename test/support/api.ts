import type { CreatedLogin, ErrorBody, ScanBody, StatusBody, TokenBody } from '../../server/wire';

export interface Reply<T = any> {
  status: number;
  /** The success body or the error body: which one, the status says. */
  body: T & ErrorBody;
  headers: Headers;
}

export interface CallOptions {
  secret?: string;
  /** Mobile user token (sent as `Authorization: Bearer`). */
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A client written only from shared/contract.md: what any browser or phone could send. */
export function apiClient(baseUrl: string) {
  async function call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.secret !== undefined) headers['X-QR-Secret'] = options.secret;
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const response = await fetch(baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: the test will see the text.
    }
    return { status: response.status, body: parsed as T & ErrorBody, headers: response.headers };
  }

  return {
    call,
    async create(query = '?image=none'): Promise<CreatedLogin> {
      const reply = await call<CreatedLogin>('POST', `/api/qr${query}`);
      if (reply.status !== 201) throw new Error(`create failed: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body;
    },
    status: (id: string, secret: string) => call<StatusBody>('GET', `/api/qr/${id}`, { secret }),
    token: (id: string, secret: string) => call<TokenBody>('POST', `/api/qr/${id}/token`, { secret }),
    cancel: (id: string, secret: string) => call('DELETE', `/api/qr/${id}`, { secret }),
    scan: (id: string, token: string) => call<ScanBody>('POST', `/api/qr/${id}/scan`, { token }),
    confirm: (id: string, token: string) => call('POST', `/api/qr/${id}/confirm`, { token }),
    deny: (id: string, token: string) => call('POST', `/api/qr/${id}/deny`, { token }),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
