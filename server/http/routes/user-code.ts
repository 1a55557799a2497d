import Router from '@koa/router';
import type { MobileTokenVerifier } from '../../auth/mobile-tokens';
import type { RateLimits } from '../../limits/rate-limits';
import type { LoginService } from '../../service/login-service';
import { normaliseUserCode } from '../../service/user-code';
import { toScanBody } from '../bodies';
import { RequestError } from '../request-error';
import { caller, clientIp } from '../request-input';

/**
 * `POST /api/qr/by-code/:code`: the phone's user typed the code shown under the QR instead of scanning it. Guessing
 * is bounded twice: each user, and each code whoever types it, has a small allowance of tries per minute, on top of
 * the user's allowance of phone calls.
 */
export function userCodeRoutes(service: LoginService, mobileTokens: MobileTokenVerifier, limits: RateLimits): Router {
  const router = new Router();
  router.post('/api/qr/by-code/:code', async (ctx) => {
    const user = await mobileTokens.verify(ctx.get('Authorization'), clientIp(ctx));
    const code = normaliseUserCode(String(ctx.params.code ?? ''));
    if (!code) throw new RequestError('bad_request', 'A user code is 8 letters, as shown under the QR (XXXX-XXXX).');
    await limits.mobileCallsPerUser?.(user.id);
    await limits.userCodeTriesPerUser?.(user.id);
    await limits.userCodeTriesPerCode?.(code);
    ctx.body = toScanBody(await service.scanByCode(code, user, caller(ctx)));
  });
  return router;
}
