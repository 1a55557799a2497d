import Router from '@koa/router';
import type { MobileTokenVerifier } from '../../auth/mobile-tokens';
import type { RateLimits } from '../../limits/rate-limits';
import { LoginError } from '../../service/errors';
import type { LoginService } from '../../service/login-service';
import { normaliseUserCode } from '../../service/user-code';
import { toScanBody } from '../bodies';
import { spendLimit } from '../rate-limit';
import { RequestError } from '../request-error';
import { caller, clientIp } from '../request-input';

/** Every wrong code of the whole service is counted under this one key. */
const OVERALL = 'all';

/** Told when a limit on wrong codes has just been spent: per address, or across the service (an alert). */
export type GuessLimitTripped = (scope: 'address' | 'overall') => void;

/**
 * `POST /api/qr/by-code/:code`: the phone's user typed the code shown under the QR instead of scanning it. Guessing
 * is bounded four ways (threat model T22): each user, and each code whoever types it, has a small allowance of
 * tries per minute, on top of the user's allowance of phone calls; and wrong codes are limited per client address
 * and across the service, so spreading guesses over many accounts buys nothing.
 */
export function userCodeRoutes(
  service: LoginService,
  mobileTokens: MobileTokenVerifier,
  limits: RateLimits,
  onTripped: GuessLimitTripped,
): Router {
  const router = new Router();
  router.post('/api/qr/by-code/:code', async (ctx) => {
    const from = clientIp(ctx);
    const user = await mobileTokens.verify(ctx.get('Authorization'), from);
    const code = normaliseUserCode(String(ctx.params.code ?? ''));
    if (!code) throw new RequestError('bad_request', 'A user code is 8 letters, as shown under the QR (XXXX-XXXX).');
    await limits.userCodeFailuresPerIp?.check(from);
    await limits.userCodeFailuresOverall?.check(OVERALL);
    await spendLimit(ctx, limits.mobileCallsPerUser, user.id);
    await spendLimit(ctx, limits.userCodeTriesPerUser, user.id);
    await spendLimit(ctx, limits.userCodeTriesPerCode, code);
    try {
      ctx.body = toScanBody(await service.scanByCode(code, user, caller(ctx)));
    } catch (error) {
      if (error instanceof LoginError && error.code === 'not_found') {
        if (await limits.userCodeFailuresPerIp?.fail(from)) onTripped('address');
        if (await limits.userCodeFailuresOverall?.fail(OVERALL)) onTripped('overall');
      }
      throw error;
    }
  });
  return router;
}
