import { QrLogin } from '../../client/browser/qr-login';
import type { SessionGrant } from '../../client/shared/wire-types';
import { QrApi } from '../support/qr-api';
import { phoneFollowingSdk } from '../support/sdk-phone';
import { serverOnOwnRedisForSuite } from '../support/server';

/** The browser SDK (run in Node: fetch and socket.io-client are the same) against a real server and Redis. */
describe('the browser SDK when Redis hangs during its token exchange', () => {
  const suite = serverOnOwnRedisForSuite();

  it('retries the exchange after the 503 and signs in with the token the stalled exchange made', async () => {
    let resumed: NodeJS.Timeout | undefined;
    const phone = phoneFollowingSdk(new QrApi(suite.server.url), suite.server.mobileToken('alice'));
    const signedIn = new Promise<SessionGrant>((resolve, reject) => {
      const sdk = new QrLogin({
        baseUrl: suite.server.url,
        useSocket: false,
        pollIntervalMs: 250,
        autoRenew: false,
        onError: reject,
        onSignedIn: resolve,
        onQr: phone.onQr,
        // The SDK exchanges right after it reports "confirmed": Redis hangs for 4 s from that moment.
        onState: (status) => {
          phone.onState(status);
          if (status.state !== 'confirmed') return;
          suite.redis.pause();
          resumed = setTimeout(() => suite.redis.resume(), 4_000);
        },
      });
      void sdk.start();
    });
    try {
      const session = await signedIn;
      expect(session.user.id).toBe('alice');
    } finally {
      clearTimeout(resumed);
      suite.redis.resume();
    }
  }, 30_000);
});
