/**
 * Fuzzing every input of every endpoint (threat model T4, T5, T10, T11, T14): ids, X-QR-Secret, Authorization,
 * bodies, content types and Socket.IO handshakes. Every bad input gets a 4xx with `{error:{code,message}}` and no
 * leak, never a 5xx; logins created beside the fuzzing never change; the server stays healthy.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import zlib from 'node:zlib';
import fc from 'fast-check';
import type { CreatedLogin, StatusBody } from '../../server/wire';
import { expectClientError, expectRefusal, expectStatus, fail } from '../support/contract-checks';
import { forgedMobileTokens, signHmac } from '../support/forged-tokens';
import type { Exchange } from '../support/http-request';
import { QrApi } from '../support/qr-api';
import { type Subscription, subscribe } from '../support/qr-socket';
import { TEST_MOBILE_JWT_SECRET as MOBILE_SECRET, startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let api: QrApi;

/** Logins that sit beside the fuzzing in each interesting state, with a socket each to hear any change. */
interface Witness {
  login: CreatedLogin;
  snapshot: StatusBody;
  subscription: Subscription;
}
const witnesses: Record<'pending' | 'scanned' | 'confirmed', Witness> = {} as never;
const tokenOf = (user: string): string => server.mobileToken(user, { name: `User ${user}` });

beforeAll(async () => {
  server = await startTestServer();
  api = new QrApi(server.url);
  for (const state of ['pending', 'scanned', 'confirmed'] as const) {
    const login = await api.createLogin();
    if (state !== 'pending') expectStatus(await api.scan(login.id, tokenOf('alice')), 200);
    if (state === 'confirmed') expectStatus(await api.confirm(login.id, tokenOf('alice')), 200);
    const snapshot = expectStatus(await api.status(login.id, login.secret), 200) as StatusBody;
    const outcome = await subscribe(server.url, { id: login.id, secret: login.secret });
    if (outcome.kind !== 'subscribed') throw new Error(`witness socket refused: ${outcome.code}`);
    witnesses[state] = { login, snapshot, subscription: outcome.subscription };
  }
});

afterEach(async () => {
  // Nothing the fuzzer sent may have moved a login it had no right to, and the server must still be healthy.
  for (const witness of Object.values(witnesses)) {
    expect(await api.status(witness.login.id, witness.login.secret).then((e) => e.body)).toEqual(witness.snapshot);
    expect(witness.subscription.pushes).toHaveLength(1);
  }
  expectStatus(await api.healthz(), 200);
});

afterAll(async () => {
  for (const witness of Object.values(witnesses)) witness.subscription.close();
  await server?.close();
});

/** Strings that are not a UUID v4 (or not one the server made), in many shapes. */
const badId = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.uuid({ version: [1, 3, 5, 7] }),
  fc.integer().map(String),
  fc.nat(5000).map((length) => 'a'.repeat(length)),
  fc.constantFrom(
    '',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    '*',
    'login:*',
    '00000000-0000-0000-0000-000000000000',
    "x']]; redis.call('FLUSHALL') --",
    '{"$gt":""}',
    '%00',
    '..',
  ),
  fc.uuid({ version: 4 }).map((id) => `${id}x`),
  fc.uuid({ version: 4 }).map((id) => ` ${id}`),
);

type Call = (id: string, credentials: { secret: string; bearer: string }) => Promise<Exchange>;
const ID_CALLS: Record<string, Call> = {
  status: (id, c) => api.status(id, c.secret),
  token: (id, c) => api.token(id, c.secret),
  cancel: (id, c) => api.cancel(id, c.secret),
  scan: (id, c) => api.scan(id, c.bearer),
  confirm: (id, c) => api.confirm(id, c.bearer),
  deny: (id, c) => api.deny(id, c.bearer),
};

describe('ids', () => {
  test.each(Object.keys(ID_CALLS))('%s refuses malformed ids with 400 or 404 and the error body', async (call) => {
    const credentials = { secret: witnesses.confirmed.login.secret, bearer: tokenOf('alice') };
    await fc.assert(
      fc.asyncProperty(badId, async (id) => {
        expectRefusal(await ID_CALLS[call]!(encodeURIComponent(id), credentials), 400, 404);
      }),
      { numRuns: 120 },
    );
  });

  test.each(Object.keys(ID_CALLS))('%s answers 404 for a well-formed id nobody created', async (call) => {
    const credentials = { secret: witnesses.confirmed.login.secret, bearer: tokenOf('alice') };
    expectRefusal(await ID_CALLS[call]!(crypto.randomUUID(), credentials), 404);
  });

  test('raw paths that try to escape the route never reach another endpoint or fail', async () => {
    const { id } = witnesses.pending.login;
    const paths = [
      `/api/qr/${id}/../../healthz`,
      `/api/qr/..%2F..%2Fhealthz`,
      `/api/qr/%2e%2e/%2e%2e/metrics`,
      `/api/qr/${id}%2Ftoken`,
      `/api/qr/${id}/token/../scan`,
      `/api/qr/${id}?id=${crypto.randomUUID()}`,
      `/api/qr//${id}`,
      `/api/qr/${id};secret=x`,
      `/api/qr/${'%'.repeat(100)}`,
      `/api/qr/${id}#fragment`,
    ];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'DELETE', 'PUT', 'PATCH']) {
        expectClientError(
          await api.send(method, path, { headers: { 'x-qr-secret': crypto.randomBytes(32).toString('base64url') } }),
        );
      }
    }
  });
});

describe('browser secret', () => {
  /** Header values node will send that are not the secret, including ones a sloppy comparison might accept. */
  const wrongSecret = (right: string) =>
    fc
      .oneof(
        fc.string({ maxLength: 200 }),
        fc.base64String({ minLength: 40, maxLength: 48 }),
        fc.nat(42).map((cut) => right.slice(0, cut)),
        fc.constantFrom(
          right.toUpperCase(),
          right.toLowerCase(),
          `${right}=`,
          `${right}A`,
          right.split('').reverse().join(''),
        ),
        fc.constantFrom(
          crypto.createHash('sha256').update(right).digest('hex'),
          Buffer.from(right, 'base64url').toString('hex'),
        ),
        fc.nat(5000).map((length) => 'A'.repeat(length)),
      )
      .filter((value) => /^[\x20-\x7e]*$/.test(value) && value.trim() !== right);

  test.each(['status', 'token', 'cancel'] as const)(
    '%s with a wrong secret on a confirmed login is always 403',
    async (call) => {
      const { login } = witnesses.confirmed;
      await fc.assert(
        fc.asyncProperty(wrongSecret(login.secret), async (secret) => {
          const exchange = await ID_CALLS[call]!(login.id, { secret, bearer: '' });
          expectRefusal(exchange, 403);
          if (exchange.text.includes(login.id) || exchange.text.includes('confirmed'))
            fail('refusal leaks the login', exchange);
        }),
        { numRuns: 150 },
      );
    },
  );

  test('repeated or combined X-QR-Secret headers are refused', async () => {
    const { login } = witnesses.confirmed;
    const other = witnesses.pending.login.secret;
    for (const values of [
      [other, login.secret],
      [login.secret, login.secret],
      [login.secret, other],
    ]) {
      const exchange = await api.send('POST', `/api/qr/${login.id}/token`, { headers: { 'x-qr-secret': values } });
      expectRefusal(exchange, 403);
    }
  });

  test('the secret is not accepted from the query string, a cookie or the body', async () => {
    const { login } = witnesses.confirmed;
    const secret = encodeURIComponent(login.secret);
    expectRefusal(await api.send('POST', `/api/qr/${login.id}/token?secret=${secret}`), 403);
    expectRefusal(
      await api.send('POST', `/api/qr/${login.id}/token`, { headers: { cookie: `secret=${secret}` } }),
      403,
    );
    expectRefusal(await api.send('POST', `/api/qr/${login.id}/token`, { json: { secret: login.secret } }), 403);
  });
});

describe('mobile token', () => {
  const forged = forgedMobileTokens(MOBILE_SECRET, 'alice');

  test.each(forged)('%s is refused with 401 on scan, confirm and deny', async (_name, token) => {
    const fresh = await api.createLogin();
    for (const [call, id] of [
      ['scan', fresh.id],
      ['scan', witnesses.pending.login.id],
      ['confirm', witnesses.scanned.login.id],
      ['deny', witnesses.scanned.login.id],
    ] as const) {
      expectRefusal(await api[call](id, token), 401);
    }
    expect((await api.status(fresh.id, fresh.secret)).body).toMatchObject({ state: 'pending' });
  });

  test('malformed Authorization headers are refused with 401', async () => {
    const { id } = witnesses.pending.login;
    const valid = tokenOf('alice');
    const headers = fc.oneof(
      fc.string({ maxLength: 300 }).filter((value) => /^[\x20-\x7e]*$/.test(value)),
      fc.string({ maxLength: 300 }).map((value) => `Bearer ${value.replace(/[^\x20-\x7e]/g, '')}`),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        `Basic ${Buffer.from('alice:pw').toString('base64')}`,
        `Token ${valid}x`,
        `Bearer ${valid}.`,
        `Bearer ${valid.slice(0, -2)}`,
      ),
    );
    await fc.assert(
      fc.asyncProperty(headers, async (authorization) => {
        expectRefusal(await api.send('POST', `/api/qr/${id}/scan`, { headers: { authorization } }), 401);
      }),
      { numRuns: 150 },
    );
  });

  test('a session token the service issued is not a mobile token', async () => {
    const login = await api.createLogin();
    expectStatus(await api.scan(login.id, tokenOf('bob')), 200);
    expectStatus(await api.confirm(login.id, tokenOf('bob')), 200);
    const { token } = expectStatus(await api.token(login.id, login.secret), 200) as { token: string };
    expectRefusal(await api.scan(witnesses.pending.login.id, token), 401);
  });
});

describe('mobile token with a configured RSA public key (HS/RS confusion, CVE-2022-23541)', () => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const claims = () => ({ sub: 'alice', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 300 });
  const signWithRightKey = (alg: string, padding?: number) => {
    const unsignedPart = `${Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}`;
    const hash = alg.endsWith('384') ? 'sha384' : 'sha256';
    const signature = crypto.sign(
      hash,
      Buffer.from(unsignedPart),
      padding === undefined ? privateKey : { key: privateKey, padding },
    );
    return `${unsignedPart}.${signature.toString('base64url')}`;
  };
  let keyed: TestServer;

  beforeAll(async () => {
    keyed = await startTestServer({ MOBILE_JWT_PUBLIC_KEY: publicPem });
  });
  afterAll(() => keyed.close());

  test('only RS256 under the configured key is accepted; HS256 keyed with the PEM text and every other forgery is 401', async () => {
    const keyedApi = new QrApi(keyed.url);
    const forgeries: Array<[string, string]> = [
      ['HS256 keyed with the PEM text', signHmac({ alg: 'HS256', typ: 'JWT' }, claims(), publicPem)],
      [
        'HS256 keyed with the PEM text, no trailing newline',
        signHmac({ alg: 'HS256', typ: 'JWT' }, claims(), publicPem.trim()),
      ],
      [
        'HS256 keyed with the DER bytes',
        signHmac({ alg: 'HS256', typ: 'JWT' }, claims(), publicKey.export({ type: 'spki', format: 'der' })),
      ],
      ['HS256 under the old shared secret', keyed.mobileToken('alice')],
      ['RS384 under the right key', signWithRightKey('RS384')],
      ['PS256 under the right key', signWithRightKey('PS256', crypto.constants.RSA_PKCS1_PSS_PADDING)],
      ...forgedMobileTokens(MOBILE_SECRET, 'alice'),
    ];
    for (const [name, token] of forgeries) {
      const exchange = await keyedApi.scan((await keyedApi.createLogin()).id, token);
      expect([name, exchange.status]).toEqual([name, 401]);
      expectRefusal(exchange, 401);
    }
    expectStatus(await keyedApi.scan((await keyedApi.createLogin()).id, signWithRightKey('RS256')), 200);
  });
});

describe('bodies and content types', () => {
  const big = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes) });

  const BODIES: Array<[string, Record<string, string>, string | Buffer]> = [
    ['invalid JSON', { 'content-type': 'application/json' }, '{"a":'],
    ['JSON with a trailing comma', { 'content-type': 'application/json' }, '{"a":1,}'],
    ['a JSON string', { 'content-type': 'application/json' }, '"hello"'],
    ['NUL bytes', { 'content-type': 'application/json' }, '\u0000\u0000'],
    ['deeply nested JSON', { 'content-type': 'application/json' }, `${'['.repeat(7000)}${']'.repeat(7000)}`],
    [
      'prototype pollution',
      { 'content-type': 'application/json' },
      '{"__proto__":{"state":"confirmed","admin":true},"constructor":{"prototype":{"x":1}}}',
    ],
    ['JSON declared as latin1', { 'content-type': 'application/json; charset=latin1' }, '{}'],
    ['JSON declared as utf-32', { 'content-type': 'application/json; charset=utf-32' }, '{}'],
    ['gzip that is not gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'not gzip'],
    [
      'a gzip bomb',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      zlib.gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20)),
    ],
    ['an unknown content encoding', { 'content-type': 'application/json', 'content-encoding': 'x-evil' }, '{}'],
    ['text/plain', { 'content-type': 'text/plain' }, 'hello'],
    [
      'XML',
      { 'content-type': 'application/xml' },
      '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
    ],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'userId=mallory&state=confirmed'],
    [
      'multipart',
      { 'content-type': 'multipart/form-data; boundary=x' },
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--',
    ],
    ['no content type', {}, '{"a":1}'],
  ];

  test.each(BODIES)('%s never fails the server on any POST', async (_name, headers, body) => {
    for (const path of [
      '/api/qr',
      `/api/qr/${witnesses.pending.login.id}/scan`,
      `/api/qr/${witnesses.confirmed.login.id}/token`,
    ]) {
      const exchange = await api.send('POST', path, { headers, body });
      if (exchange.status >= 400) expectClientError(exchange);
      else if (path !== '/api/qr') fail('a bad body with no credentials was accepted', exchange);
    }
  });

  test.each(BODIES)(
    '%s with valid credentials either is refused as a client error or changes only its own login',
    async (_name, headers, body) => {
      const login = await api.createLogin();
      const exchange = await api.send('POST', `/api/qr/${login.id}/scan`, {
        headers: { ...headers, authorization: `Bearer ${tokenOf('carol')}` },
        body,
      });
      if (exchange.status >= 400) expectClientError(exchange);
      else expectStatus(exchange, 200);
    },
  );

  test('a gzip body that inflates past the limit gets 413: the limit counts inflated bytes', async () => {
    const bomb = zlib.gzipSync(Buffer.from(big(1024 * 1024)));
    expect(bomb.length).toBeLessThan(16 * 1024);
    expectRefusal(
      await api.send('POST', '/api/qr', {
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: bomb,
      }),
      413,
    );
  });

  test('a JSON body over the 16 KiB limit gets 413 payload_too_large on every POST', async () => {
    for (const size of [17 * 1024, 1024 * 1024]) {
      const exchange = await api.send('POST', '/api/qr', {
        headers: { 'content-type': 'application/json' },
        body: big(size),
      });
      expectRefusal(exchange, 413);
      const scan = await api.send('POST', `/api/qr/${witnesses.pending.login.id}/scan`, {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf('bob')}` },
        body: big(size),
      });
      expectRefusal(scan, 413);
    }
  });

  test('conflicting Content-Length headers (request smuggling) are refused', async () => {
    const reply = await rawExchange(
      `POST /api/qr HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n{}`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 4\d\d/);
  });

  test('wrong methods get a client error with the error body', async () => {
    const { id, secret } = witnesses.confirmed.login;
    for (const [method, path] of [
      ['PUT', `/api/qr/${id}`],
      ['PATCH', `/api/qr/${id}`],
      ['GET', `/api/qr/${id}/token`],
      ['GET', `/api/qr/${id}/scan`],
      ['DELETE', `/api/qr/${id}/token`],
      ['GET', '/api/qr'],
      ['TRACE', '/api/qr'],
    ] as const) {
      expectClientError(await api.send(method, path, { headers: { 'x-qr-secret': secret } }));
    }
  });
});

describe('headers', () => {
  test('oversized and odd headers are refused by HTTP, never by a crash', async () => {
    const { id } = witnesses.confirmed.login;
    const replies = [
      await rawExchange(`GET /api/qr/${id} HTTP/1.1\r\nHost: x\r\nX-QR-Secret: ${'A'.repeat(20000)}\r\n\r\n`),
      await rawExchange(`GET /api/qr/${id} HTTP/1.1\r\nHost: x\r\nX-QR-Secret: a\u0001b\r\n\r\n`),
      await rawExchange(
        `GET /api/qr/${id} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n`,
      ),
      await rawExchange(`GARBAGE\r\n\r\n`),
    ];
    for (const reply of replies) expect(reply).toMatch(/^HTTP\/1\.1 4\d\d/);
  });

  test('a spoofed X-Forwarded-For is not believed without a trusted proxy', async () => {
    const login = await api.createLogin({ headers: { 'x-forwarded-for': '203.0.113.7', 'user-agent': 'Fuzz/1.0' } });
    const scan = expectStatus(await api.scan(login.id, tokenOf('carol')), 200) as {
      requester: { ip: string; userAgent: string };
    };
    expect(scan.requester.ip).not.toBe('203.0.113.7');
    expect(scan.requester.userAgent).toBe('Fuzz/1.0');
  });

  test('a huge User-Agent is stored cut short, and markup in it comes back as plain JSON text', async () => {
    const userAgent = `<script>alert(1)</script>${'U'.repeat(6000)}`;
    const login = await api.createLogin({ headers: { 'user-agent': userAgent } });
    const scan = await api.scan(login.id, tokenOf('carol'));
    const body = expectStatus(scan, 200) as { requester: { userAgent: string } };
    expect(scan.headers['content-type']).toMatch(/^application\/json/);
    expect(body.requester.userAgent.length).toBeLessThanOrEqual(1024);
  });
});

describe('socket handshakes', () => {
  const AUTHS = (): Array<[string, unknown]> => [
    ['no auth', undefined],
    ['empty auth', {}],
    ['id only', { id: witnesses.pending.login.id }],
    ['secret only', { secret: witnesses.pending.login.secret }],
    ['secret as a number', { id: witnesses.pending.login.id, secret: 123 }],
    ['arrays', { id: [witnesses.pending.login.id], secret: [witnesses.pending.login.secret] }],
    ['operator object', { id: { $gt: '' }, secret: { $ne: null } }],
    ['another login secret', { id: witnesses.pending.login.id, secret: witnesses.confirmed.login.secret }],
    ['the id as its secret', { id: witnesses.pending.login.id, secret: witnesses.pending.login.id }],
    ['a 10 KB id', { id: 'x'.repeat(10000), secret: witnesses.pending.login.secret }],
    ['a v1 uuid', { id: 'c232ab00-9414-11ec-b3c8-9f6bdeced846', secret: witnesses.pending.login.secret }],
    ['an unknown id', { id: crypto.randomUUID(), secret: witnesses.pending.login.secret }],
    [
      'an uppercase id with a wrong secret',
      { id: witnesses.pending.login.id.toUpperCase(), secret: crypto.randomBytes(32).toString('base64url') },
    ],
  ];

  test('every bad handshake is refused with a code, over websocket and polling', async () => {
    for (const [name, auth] of AUTHS()) {
      for (const transport of ['websocket', 'polling'] as const) {
        const outcome = await subscribe(server.url, auth, { transports: [transport] });
        if (outcome.kind === 'subscribed') {
          outcome.subscription.close();
          throw new Error(`${name} over ${transport} was let in`);
        }
        expect([name, outcome.code]).toEqual([name, expect.stringMatching(/^(not_found|forbidden|bad_request)$/)]);
      }
    }
  });

  test('a handshake larger than the socket buffer limit is dropped and the server keeps serving', async () => {
    const outcome = await subscribe(
      server.url,
      { id: witnesses.pending.login.id, secret: 'x'.repeat(2 * 1024 * 1024) },
      { transports: ['polling'] },
    );
    expect(outcome.kind).toBe('refused');
  });

  test('events a subscribed browser sends cannot join another login or break the socket', async () => {
    const { pending: mine } = witnesses;
    const other = await api.createLogin();
    const watching = await subscribe(server.url, { id: other.id, secret: other.secret });
    const outcome = await subscribe(server.url, { id: mine.login.id, secret: mine.login.secret });
    if (outcome.kind !== 'subscribed' || watching.kind !== 'subscribed') throw new Error('legitimate sockets refused');
    const socket = outcome.subscription.socket;
    for (const event of ['join', 'subscribe', 'state', 'auth']) {
      socket.emit(event, other.id);
      socket.emit(event, { id: other.id, secret: mine.login.secret });
    }
    socket.emit('join', 'x'.repeat(100000));
    expectStatus(await api.scan(other.id, tokenOf('bob')), 200);
    await watching.subscription.waitFor((push) => push.state === 'scanned');
    // The legitimate watcher has its push; a socket that had joined the other room would have it in the same emit.
    expect(outcome.subscription.pushes.every((push) => push.id === mine.login.id)).toBe(true);
    watching.subscription.close();
    outcome.subscription.close();
  });
});

/** Sends raw bytes (things node's client refuses to produce) and returns what the server answered first. */
function rawExchange(request: string): Promise<string> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.end(request));
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    socket.on('end', () => resolve(reply));
    socket.on('close', () => resolve(reply));
    socket.on('error', (error) => (reply ? resolve(reply) : reject(error)));
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve(reply || 'no reply within 5 s');
    });
  });
}
