import { createHmac, createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import type jwt from 'jsonwebtoken';
import { algorithmOf, publicJwk } from './asymmetric-keys';

/** One key session tokens are signed or verified with, pinned to exactly one algorithm (T10). */
export interface SessionKey {
  kid: string;
  algorithm: jwt.Algorithm;
  /** The private key or the HS256 secret: signs. */
  signing: KeyObject;
  /** The public key or the HS256 secret: verifies. */
  verifying: KeyObject;
  /** The public half as a JWK, for asymmetric keys only (a shared secret is never published). */
  jwk?: object;
}

/**
 * The keys of session tokens during a rotation: the first signs, every one verifies. A token names its key by
 * `kid`, so adding a key never makes a live token fail, and removing one ends only the tokens it signed.
 */
export interface SessionKeyRing {
  active: SessionKey;
  all: readonly SessionKey[];
  byKid(kid: string): SessionKey | undefined;
}

/**
 * An HS256 secret's `kid` is a keyed hash of the secret itself, so every instance given the same secret names
 * it the same without configuration, and the id tells nothing about the secret.
 */
function secretKey(secret: string): SessionKey {
  const key = createSecretKey(Buffer.from(secret));
  const kid = createHmac('sha256', secret).update('qr-login session key id').digest('base64url').slice(0, 16);
  return { kid, algorithm: 'HS256', signing: key, verifying: key };
}

/** An RS256/ES256 key's `kid` is its RFC 7638 thumbprint: the same on every instance holding the key. */
function privateKey(pem: string): SessionKey {
  const signing = createPrivateKey(pem);
  const verifying = createPublicKey(signing);
  const jwk = publicJwk(verifying);
  return { kid: jwk.kid, algorithm: algorithmOf(signing), signing, verifying, jwk };
}

function ring(keys: SessionKey[]): SessionKeyRing {
  const byKid = new Map<string, SessionKey>();
  for (const key of keys) if (!byKid.has(key.kid)) byKid.set(key.kid, key);
  const all = [...byKid.values()];
  return { active: all[0]!, all, byKid: (kid) => byKid.get(kid) };
}

/** HS256 secrets, the first signs. Throws on an empty list. */
export function secretKeyRing(secrets: readonly string[]): SessionKeyRing {
  if (secrets.length === 0) throw new Error('at least one secret is needed');
  return ring(secrets.map(secretKey));
}

/** PEM private keys (RSA 2048+ or P-256), the first signs. Throws with what is wrong with a key. */
export function privateKeyRing(pems: readonly string[]): SessionKeyRing {
  if (pems.length === 0) throw new Error('at least one private key is needed');
  return ring(pems.map(privateKey));
}
