import { errors, jwtVerify } from 'jose';
import type { LoginUser } from '../domain';
import { invalidToken, providerUnavailable, userFromClaims } from './mobile-claims';
import { ProviderDown, providerKeySet } from './provider-key-set';

export interface RemoteJwksOptions {
  mobileJwtJwksUrl: string;
  mobileJwtAlgorithms: string[];
  mobileJwtIssuer?: string;
  mobileJwtAudience?: string;
  mobileJwtJwksRefetchSeconds: number;
}

const RETRY_AFTER_SECONDS = 5;

/** What the token itself got wrong (401); anything else means the key set could not be had (503). */
const TOKEN_FAULTS = new Set([
  errors.JWTExpired.code,
  errors.JWTClaimValidationFailed.code,
  errors.JWTInvalid.code,
  errors.JWSInvalid.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
]);

/**
 * Mobile tokens from an identity provider's JWKS (server/auth/provider-key-set.ts): the key is picked by `kid`,
 * the set is cached and refetched, at most once per `mobileJwtJwksRefetchSeconds`, when a token names an unknown
 * `kid`, so the provider's key rotation needs no restart. Only the allowed algorithms; `iss`, `aud`, `exp`
 * required. While the provider cannot give a usable key set the answer is 503 with Retry-After, never an
 * acceptance and never a 401.
 */
export function remoteJwksVerifier(
  options: RemoteJwksOptions,
): (token: string) => Promise<LoginUser & { expiresAt: number }> {
  const keySet = providerKeySet({
    url: options.mobileJwtJwksUrl,
    refetchSeconds: options.mobileJwtJwksRefetchSeconds,
    algorithms: options.mobileJwtAlgorithms,
  });
  return async (token) => {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        algorithms: options.mobileJwtAlgorithms,
        issuer: options.mobileJwtIssuer,
        audience: options.mobileJwtAudience,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      if (error instanceof ProviderDown) throw providerUnavailable(error.retryAfterSeconds);
      const code = (error as { code?: string }).code;
      if (code && TOKEN_FAULTS.has(code)) throw invalidToken(code === errors.JWTExpired.code);
      throw providerUnavailable(RETRY_AFTER_SECONDS);
    }
    return userFromClaims(payload);
  };
}
