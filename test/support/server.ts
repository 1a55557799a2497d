import { randomBytes } from 'node:crypto';
import { signHs256MobileToken } from '../../server/auth/mobile-tokens';
import { type RunningServer, startServer } from '../../server/compose';
import { QrApi } from './qr-api';
import { startRedisServer, type ThrowawayRedis } from './redis-server';

export const TEST_MOBILE_JWT_SECRET = 'test-mobile-secret-0123456789abcdef0123456789';
export const TEST_SESSION_JWT_SECRET = 'test-session-secret-0123456789abcdef012345678';

export interface TestServer extends RunningServer {
  /** The environment it was started with (reuse REDIS_KEY_PREFIX to start a second instance of the same service). */
  env: Record<string, string>;
  /** A mobile user token as the phone app would hold it. */
  mobileToken(userId: string, claims?: { name?: string; picture?: string }): string;
}

export function uniquePrefix(): string {
  return `qrtest:${randomBytes(6).toString('hex')}:`;
}

/** Every rate limit off: tests that are not about limits measure the defence under test, not the limiter. */
export const LIMITS_OFF: Record<string, string> = {
  RATE_LIMIT_CREATE_PER_MINUTE: '0',
  RATE_LIMIT_POLLS_PER_MINUTE: '0',
  RATE_LIMIT_SOCKET_CONNECTS_PER_MINUTE: '0',
  RATE_LIMIT_MOBILE_PER_MINUTE: '0',
  RATE_LIMIT_USER_CODE_PER_MINUTE: '0',
  RATE_LIMIT_INTROSPECT_PER_MINUTE: '0',
  RATE_LIMIT_INTROSPECT_FAILURES_PER_MINUTE: '0',
  RATE_LIMIT_USER_CODE_FAILURES_PER_MINUTE: '0',
  RATE_LIMIT_USER_CODE_FAILURES_OVERALL_PER_MINUTE: '0',
  RATE_LIMIT_BAD_TOKENS_PER_MINUTE: '0',
};

/**
 * The environment of a test server, in process or as its own process: loopback on a free port, the test run's
 * Redis under a fresh key prefix, the test signing keys, every limit off, silent logs; `overrides` win. The relay defences
 * (number matching, the rotating QR) stay on, as a site gets them: a suite about turning one off says so itself.
 */
export function testEnvironment(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: process.env.REDIS_URL ?? '',
    REDIS_KEY_PREFIX: uniquePrefix(),
    LOG_LEVEL: 'silent',
    MOBILE_JWT_SECRET: TEST_MOBILE_JWT_SECRET,
    SESSION_JWT_SECRET: TEST_SESSION_JWT_SECRET,
    ...LIMITS_OFF,
    // The fixture holds a mobile key so tests can sign phone tokens; a first run without one has the demo, kept here.
    DEMO_USERS: 'true',
    ...overrides,
  };
}

/** A real server in this process on `testEnvironment(overrides)` (pass `REDIS_URL: ''` for the embedded store). */
export async function startTestServer(overrides: Record<string, string> = {}): Promise<TestServer> {
  const env = testEnvironment(overrides);
  const running = await startServer({ ...env, REDIS_URL: env.REDIS_URL || undefined });
  return {
    ...running,
    env,
    mobileToken: (userId, claims = {}) => signHs256MobileToken(TEST_MOBILE_JWT_SECRET, { sub: userId, ...claims }),
  };
}

/** A server shared by the tests of a describe block, with a client for it (both set once the block starts). */
export interface SuiteServer {
  readonly server: TestServer;
  readonly api: QrApi;
}

/** One server for a whole describe block: started before its tests, closed after them. */
export function serverForSuite(overrides: Record<string, string> = {}): SuiteServer {
  const suite = {} as { server: TestServer; api: QrApi };
  beforeAll(async () => {
    suite.server = await startTestServer(overrides);
    suite.api = new QrApi(suite.server.url);
  });
  afterAll(() => suite.server.close());
  return suite;
}

/** Runs `use` against a server of its own (for a test that needs other settings), closed afterwards whatever happens. */
export async function withTestServer<T>(
  overrides: Record<string, string>,
  use: (server: TestServer) => Promise<T>,
): Promise<T> {
  const server = await startTestServer(overrides);
  try {
    return await use(server);
  } finally {
    await server.close();
  }
}

/**
 * One server for a describe block on a redis-server of its own, for tests that stop, hang or restart Redis. After
 * the tests Redis is let run again (it may be paused), then the server is closed and Redis stopped.
 */
export function serverOnOwnRedisForSuite(
  overrides: Record<string, string> = {},
): SuiteServer & { readonly redis: ThrowawayRedis } {
  const suite = {} as { server: TestServer; api: QrApi; redis: ThrowawayRedis };
  beforeAll(async () => {
    suite.redis = await startRedisServer();
    suite.server = await startTestServer({ REDIS_URL: suite.redis.url, ...overrides });
    suite.api = new QrApi(suite.server.url);
  });
  afterAll(async () => {
    suite.redis.resume();
    await suite.server.close();
    await suite.redis.stop();
  });
  return suite;
}
