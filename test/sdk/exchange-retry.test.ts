import { QrLogin } from '../../client/browser/qr-login';
import type { SessionGrant } from '../../client/shared/wire-types';
import { QrApi } from '../support/qr-api';
import { startRedisServer, type ThrowawayRedis } from '../support/redis-server';
import { startTestServer, type TestServer } from '../support/server';

/** The browser SDK (run in Node: fetch and socket.io-client are the same) against a real server and Redis. */
describe('the browser SDK when Redis hangs during its token exchange', () => {
  let redis: ThrowawayRedis;
  let server: TestServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    server = await startTestServer({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    redis.resume();
    await server.close();
    await redis.stop();
  });

  it('retries the exchange after the 503 and signs in with the token the stalled exchange made', async () => {
    let resumed: NodeJS.Timeout | undefined;
    const signedIn = new Promise<SessionGrant>((resolve, reject) => {
      const sdk = new QrLogin({
        baseUrl: server.url,
        useSocket: false,
        pollIntervalMs: 250,
        autoRenew: false,
        onError: reject,
        onSignedIn: resolve,
        onQr: (qr) => {
          const api = new QrApi(server.url);
          const alice = server.mobileToken('alice');
          void api.scan(qr.id, alice).then(() => api.confirm(qr.id, alice));
        },
        // The SDK exchanges right after it reports "confirmed": Redis hangs for 4 s from that moment.
        onState: (status) => {
          if (status.state !== 'confirmed') return;
          redis.pause();
          resumed = setTimeout(() => redis.resume(), 4_000);
        },
      });
      void sdk.start();
    });
    try {
      const session = await signedIn;
      expect(session.user.id).toBe('alice');
    } finally {
      clearTimeout(resumed);
      redis.resume();
    }
  }, 30_000);
});
