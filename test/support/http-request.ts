import http from 'node:http';
import type { ErrorBody } from '../../server/wire';
import { contractBreach } from './openapi-conformance';

/** One HTTP exchange, kept whole so a failing assertion can print exactly what was sent and what came back. */
export interface Exchange<T = any> {
  method: string;
  path: string;
  requestHeaders: Record<string, string | string[]>;
  requestBody?: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed JSON answer (undefined when it is not JSON): the success body or the error body, as `status` says. */
  body: T & ErrorBody;
}

export interface RequestOptions {
  headers?: Record<string, string | string[]>;
  /** Sent as is; pair with a content-type header. */
  body?: string | Buffer;
  /** Serialised and sent as application/json. */
  json?: unknown;
  /** Connections of its own instead of the shared pool, e.g. one kept-alive connection to one worker. */
  agent?: http.Agent;
}

/** Keep-alive pool so thousands of requests in a flood reuse sockets; idle sockets do not hold the process open. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * Every answer is first held against the OpenAPI document (openapi-conformance.ts): one it does not describe
 * rejects, whatever the test expected.
 * node:http rather than fetch: fetch normalises paths (`..`, `%2e%2e`) and refuses some headers, and the fuzzer
 * needs to send exactly the bytes it chose.
 */
export function request<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Exchange<T>> {
  const url = new URL(baseUrl);
  const headers: Record<string, string | string[]> = { ...options.headers };
  let body: string | Buffer | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const pool = options.agent ?? agent;
  return exchangeOnce<T>(url, method, path, headers, body, pool).catch((error: unknown) => {
    // A pooled connection the server closed for idleness just as it was picked (its keep-alive timeout) resets
    // before the server read anything: Node's documented case for one retry on a fresh connection
    // (`request.reusedSocket`). A reset on a fresh connection is the server's answer and is never retried.
    if (!(error instanceof StaleConnectionError)) throw error;
    return exchangeOnce<T>(url, method, path, headers, body, pool);
  });
}

/** The reset of a kept-alive connection that was reused: the request never reached the server. */
class StaleConnectionError extends Error {}

function exchangeOnce<T>(
  url: URL,
  method: string,
  path: string,
  headers: Record<string, string | string[]>,
  body: string | Buffer | undefined,
  agent: http.Agent,
): Promise<Exchange<T>> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        const breach = contractBreach({ method, path, status, contentType: res.headers['content-type'], text });
        if (breach)
          return reject(
            new Error(`Not in the OpenAPI document: ${breach}\n  ${method} ${path} -> ${status} ${text.slice(0, 300)}`),
          );
        resolve({
          method,
          path,
          requestHeaders: headers,
          requestBody: body === undefined ? undefined : describeBody(body),
          status,
          headers: res.headers,
          text,
          body: parseJson(text) as T & ErrorBody,
        });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')
          ? new StaleConnectionError(error.message, { cause: error })
          : error,
      ),
    );
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeBody(body: string | Buffer): string {
  const text = body.toString();
  return text.length > 300 ? `${text.slice(0, 300)}... (${text.length} bytes)` : text;
}

/** A short, complete account of an exchange for failure messages and the server bug list. */
export function show(exchange: Exchange): string {
  const sentHeaders = Object.entries(exchange.requestHeaders)
    .filter(([name]) => name !== 'content-length')
    .map(([name, value]) => `${name}: ${truncate(String(value), 120)}`)
    .join('; ');
  const sent = `${exchange.method} ${truncate(exchange.path, 200)} [${sentHeaders}]${exchange.requestBody ? ` body=${exchange.requestBody}` : ''}`;
  return `${sent} -> ${exchange.status} ${truncate(exchange.text, 400)}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...(${text.length})` : text;
}
