import { createHash, type JsonWebKey, type KeyObject } from 'node:crypto';

export type AsymmetricAlgorithm = 'RS256' | 'ES256';

/** The one algorithm a key may be used with: RSA keys sign RS256, P-256 keys ES256, nothing else (T10). */
export function algorithmOf(key: KeyObject): AsymmetricAlgorithm {
  if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048) return 'RS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new Error('must be an RSA key of 2048 bits or more (RS256) or a P-256 EC key (ES256)');
}

/** The public key as a JWK with its RFC 7638 thumbprint as `kid`, for `/.well-known/jwks.json`. */
export function publicJwk(publicKey: KeyObject): JsonWebKey & { kid: string; alg: AsymmetricAlgorithm; use: 'sig' } {
  const jwk = publicKey.export({ format: 'jwk' });
  const required =
    jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  const kid = createHash('sha256').update(JSON.stringify(required)).digest('base64url');
  return { ...required, kid, alg: algorithmOf(publicKey), use: 'sig' };
}
