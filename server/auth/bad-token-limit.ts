import type { FailureLimit } from '../limits/rate-limits';
import { LoginError } from '../service/errors';
import type { MobileTokenVerifier } from './mobile-tokens';

/**
 * Tokens that do not verify are counted per client address, and an address past its allowance is refused (429)
 * before its token is looked at, so made-up tokens cannot drive fetches from the identity provider (threat model
 * T21). Only a verdict on the token (401) counts: the provider's own faults (503) are not the caller's.
 */
export function limitBadTokens(verifier: MobileTokenVerifier, limit: FailureLimit | undefined): MobileTokenVerifier {
  if (!limit) return verifier;
  return {
    async verify(authorization, clientAddress) {
      await limit.check(clientAddress);
      try {
        return await verifier.verify(authorization, clientAddress);
      } catch (error) {
        if (error instanceof LoginError && error.code === 'unauthorized') await limit.fail(clientAddress);
        throw error;
      }
    },
  };
}
