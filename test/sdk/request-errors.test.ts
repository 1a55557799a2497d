import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QrLoginApiError, QrLoginError, QrLoginMobile, QrLoginNetworkError } from '../../client/mobile/index';

/** What a site can act on when a call fails: a code, and how long to wait, against a real HTTP server. */
const ID = '3b241101-e2bb-4255-8caf-4136c566a962';
let server: Server;
let baseUrl: string;
let answer: (request: IncomingMessage, response: ServerResponse) => void;
const hanging = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((request, response) => answer(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of hanging) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const phone = (requestTimeoutMs?: number) => new QrLoginMobile({ baseUrl, getToken: () => 'token', requestTimeoutMs });
const failureOf = (call: Promise<unknown>) =>
  call.then(
    () => Promise.reject(new Error('the call succeeded')),
    (error: unknown) => error,
  );

it('a call with no answer fails with code timeout once requestTimeoutMs has passed', async () => {
  answer = (_request, response) => hanging.add(response);
  const started = Date.now();
  const error = await failureOf(phone(300).scan(ID));
  expect(error).toBeInstanceOf(QrLoginNetworkError);
  expect(error).toMatchObject({ code: 'timeout' });
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
});

it('a body that stops half-way also times out instead of hanging', async () => {
  answer = (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"id":');
    hanging.add(response);
  };
  expect(await failureOf(phone(300).confirm(ID))).toMatchObject({ code: 'timeout' });
});

it('429 carries the contract code and Retry-After in seconds', async () => {
  answer = (_request, response) => {
    response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
    response.end(JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests.' } }));
  };
  const error = await failureOf(phone().scan(ID));
  expect(error).toBeInstanceOf(QrLoginApiError);
  expect(error).toBeInstanceOf(QrLoginError);
  expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 7 });
});

it('Retry-After as an HTTP date becomes seconds too, and a non-JSON error page still gets a code', async () => {
  answer = (_request, response) => {
    response.writeHead(503, {
      'content-type': 'text/html',
      'retry-after': new Date(Date.now() + 30_000).toUTCString(),
    });
    response.end('<h1>Service Unavailable</h1>');
  };
  const error = (await failureOf(phone().deny(ID))) as QrLoginApiError;
  expect(error.code).toBe('unavailable');
  expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(28);
  expect(error.retryAfterSeconds).toBeLessThanOrEqual(31);
});

it('a refused connection is code network', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const error = await failureOf(
    new QrLoginMobile({ baseUrl: `http://127.0.0.1:${port}`, getToken: () => 'token' }).scan(ID),
  );
  expect(error).toBeInstanceOf(QrLoginNetworkError);
  expect(error).toMatchObject({ code: 'network' });
});
