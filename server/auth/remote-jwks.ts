import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { LoginUser } from '../domain';
import { invalidToken, providerUnavailable, userFromClaims } from './mobile-claims';

export interface RemoteJwksOptions {
  mobileJwtJwksUrl: string;
  mobileJwtAlgorithms: string[];
  mobileJwtIssuer?: string;
  mobileJwtAudience?: string;
  mobileJwtJwksRefetchSeconds: number;
}

/** Keys are refetched after this even when every `kid` is known, so a removed key stops working. */
const KEY_SET_MAX_AGE_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;
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
 * Mobile tokens from an identity provider's JWKS (jose's remote key set): the key is picked by `kid`, the set
 * is cached and refetched, at most once per `mobileJwtJwksRefetchSeconds`, when a token names an unknown
 * `kid`, so the provider's key rotation needs no restart. Only the allowed algorithms; `iss`, `aud`, `exp`
 * required. While the provider cannot be reached the answer is 503, never an acceptance and never a 401.
 */
export function remoteJwksVerifier(options: RemoteJwksOptions): (token: string) => Promise<LoginUser> {
  const keySet = createRemoteJWKSet(new URL(options.mobileJwtJwksUrl), {
    cooldownDuration: options.mobileJwtJwksRefetchSeconds * 1000,
    cacheMaxAge: KEY_SET_MAX_AGE_MS,
    timeoutDuration: FETCH_TIMEOUT_MS,
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
      const code = (error as { code?: string }).code;
      if (code && TOKEN_FAULTS.has(code)) throw invalidToken(code === errors.JWTExpired.code);
      throw providerUnavailable(RETRY_AFTER_SECONDS);
    }
    const { expiresAt: _, ...user } = userFromClaims(payload);
    return user;
  };
}
