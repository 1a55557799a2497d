import { randomBytes } from 'node:crypto';
import { signHs256MobileToken } from '../../server/auth/mobile-tokens';
import { type RunningServer, startServer } from '../../server/compose';

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

/**
 * A real server on a free port, on the test run's Redis under a fresh key prefix (pass `REDIS_URL: ''` for the
 * embedded store). Rate limits are off unless a test sets them; logs are silent unless LOG_LEVEL is given.
 */
export async function startTestServer(overrides: Record<string, string> = {}): Promise<TestServer> {
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: process.env.REDIS_URL ?? '',
    REDIS_KEY_PREFIX: uniquePrefix(),
    LOG_LEVEL: 'silent',
    MOBILE_JWT_SECRET: TEST_MOBILE_JWT_SECRET,
    SESSION_JWT_SECRET: TEST_SESSION_JWT_SECRET,
    RATE_LIMIT_CREATE_PER_MINUTE: '0',
    RATE_LIMIT_POLLS_PER_MINUTE: '0',
    RATE_LIMIT_SOCKET_CONNECTS_PER_MINUTE: '0',
    RATE_LIMIT_MOBILE_PER_MINUTE: '0',
    ...overrides,
  };
  const running = await startServer({ ...env, REDIS_URL: env.REDIS_URL || undefined });
  return {
    ...running,
    env,
    mobileToken: (userId, claims = {}) => signHs256MobileToken(TEST_MOBILE_JWT_SECRET, { sub: userId, ...claims }),
  };
}

/** One server for a whole describe block: started before its tests, closed after them. */
export function serverForSuite(overrides: Record<string, string> = {}): { readonly server: TestServer } {
  const suite = {} as { server: TestServer };
  beforeAll(async () => {
    suite.server = await startTestServer(overrides);
  });
  afterAll(() => suite.server.close());
  return suite;
}
