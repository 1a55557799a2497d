import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { LoginUser } from '../domain';
import { algorithmOf } from './asymmetric-keys';
import { bearerToken, invalidToken, looksLikeJwt, userFromClaims } from './mobile-claims';
import { type RemoteJwksOptions, remoteJwksVerifier } from './remote-jwks';
import { SESSION_TOKEN_TYPE } from './session-tokens';
import { type IntrospectionOptions, introspectionVerifier } from './token-introspection';
import { VerifiedTokenCache } from './verified-token-cache';

/** Enough for every phone active within a minute at a few hundred sign-ins a second; about 1 KiB each. */
const CACHED_TOKENS = 10_000;
/** A token verified under a key the identity provider has since removed passes for at most this long. */
const CACHED_TOKEN_MAX_AGE_MS = 60_000;

export interface MobileTokenVerifier {
  /**
   * The user of `Authorization: Bearer <token>` sent from `clientAddress`; 401 for a bad token, 503 while its
   * provider is unreachable.
   */
  verify(authorization: string | undefined, clientAddress: string): Promise<LoginUser>;
}

/** A verified token's user, and when the token expires (ms). */
type VerifiedUser = LoginUser & { expiresAt: number };

/** Named as the settings they come from (server/config.ts). */
export interface MobileTokenOptions {
  /** HS256 shared secret, used when no public key is given. */
  mobileJwtSecret: string;
  /** RSA or P-256 public key: tokens must then be RS256 or ES256 (whichever the key is) and HS256 is refused. */
  mobileJwtPublicKey?: KeyObject;
  mobileJwtIssuer?: string;
  mobileJwtAudience?: string;
  mobileJwtJwksUrl?: string;
  mobileTokenIntrospectionUrl?: string;
}

/**
 * The key as a KeyObject made once: given a string, jsonwebtoken tries to parse it as a PEM key on every call,
 * which cost 570 µs a verification against 11 µs (scripts/bench/micro.ts).
 */
function verificationKey(options: MobileTokenOptions): { key: KeyObject; algorithm: jwt.Algorithm } {
  const publicKey = options.mobileJwtPublicKey;
  if (!publicKey) return { key: createSecretKey(Buffer.from(options.mobileJwtSecret)), algorithm: 'HS256' };
  return { key: publicKey, algorithm: algorithmOf(publicKey) };
}

/**
 * Verifies a JWT with exactly one algorithm, so `alg: none` and HS/RS confusion fail (T10), and with
 * `iss`/`aud` when configured, so a session token cannot pass for a mobile one.
 */
function localJwtVerifier(options: MobileTokenOptions): (token: string) => VerifiedUser {
  const { key, algorithm } = verificationKey(options);
  const verifyOptions: jwt.VerifyOptions = { algorithms: [algorithm] };
  if (options.mobileJwtIssuer) verifyOptions.issuer = options.mobileJwtIssuer;
  if (options.mobileJwtAudience) verifyOptions.audience = options.mobileJwtAudience;
  return (token) => {
    let payload: unknown;
    try {
      const verified = jwt.verify(token, key, { ...verifyOptions, complete: true });
      // Explicit typing (RFC 8725 §3.11): a session token never passes for a mobile one, whatever the keys.
      if (verified.header.typ === SESSION_TOKEN_TYPE) throw new Error('a session token is not a mobile token');
      payload = verified.payload;
    } catch (error) {
      throw invalidToken(error instanceof jwt.TokenExpiredError);
    }
    return userFromClaims(payload);
  };
}

/**
 * How a mobile token is checked, from configuration: JWTs with the identity provider's JWKS, else with the
 * configured public key or HS256 secret; with an introspection endpoint, every token is introspected except
 * JWTs when a JWKS or public key is also configured.
 */
export function mobileTokenVerifier(
  options: MobileTokenOptions & Partial<RemoteJwksOptions> & Partial<IntrospectionOptions>,
): MobileTokenVerifier {
  const checkJwt = options.mobileJwtJwksUrl
    ? remoteJwksVerifier(options as RemoteJwksOptions)
    : localJwtVerifier(options);
  const introspect = options.mobileTokenIntrospectionUrl
    ? introspectionVerifier(options as IntrospectionOptions)
    : undefined;
  const jwtsStayLocal = Boolean(options.mobileJwtJwksUrl || options.mobileJwtPublicKey);
  // A phone scans and confirms with one token within seconds: its signature is checked once.
  const verified = new VerifiedTokenCache({ maxEntries: CACHED_TOKENS, maxAgeMs: CACHED_TOKEN_MAX_AGE_MS });
  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      if (introspect && !(jwtsStayLocal && looksLikeJwt(token))) return introspect(token);
      if (!looksLikeJwt(token)) throw invalidToken();
      const known = verified.get(token);
      if (known) return known;
      const { expiresAt, ...user } = await checkJwt(token);
      verified.remember(token, user, expiresAt);
      return user;
    },
  };
}

/** Signs an HS256 mobile user token the way a phone app's own login would; used by the demo and the tests. */
export function signHs256MobileToken(
  secret: string,
  claims: { sub: string; name?: string; picture?: string },
  expiresInSeconds = 3600,
): string {
  const { sub, ...profile } = claims;
  return jwt.sign(profile, secret, { algorithm: 'HS256', subject: sub, expiresIn: expiresInSeconds });
}
