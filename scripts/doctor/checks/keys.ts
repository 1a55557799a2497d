import { type Finding, fail, note, ok, warn } from '../report';
import { reason, request, type Target } from '../target';

interface Jwk {
  kid?: string;
  kty?: string;
  alg?: string;
}

/**
 * Relying services verify session tokens with the keys at /.well-known/jwks.json, picking one by the token's
 * `kid`: every key needs a distinct `kid`. An empty set means HS256 secrets, which relying services must share.
 */
export async function jwksCheck(target: Target): Promise<Finding> {
  const check = 'JWKS';
  try {
    const response = await request(target, '/.well-known/jwks.json');
    if (response.status !== 200) return fail(check, `/.well-known/jwks.json answered ${response.status}`);
    const { keys } = (await response.json()) as { keys?: Jwk[] };
    if (!Array.isArray(keys)) return fail(check, 'the answer has no "keys" list');
    if (keys.length === 0) {
      return note(
        check,
        'no public keys: session tokens are HS256, so relying services need the secret; SESSION_JWT_PRIVATE_KEY publishes a key instead',
      );
    }
    const kids = keys.map((key) => key.kid);
    if (kids.some((kid) => !kid)) return fail(check, 'a key has no kid: relying services cannot choose it');
    if (new Set(kids).size !== kids.length) return fail(check, `two keys share a kid (${kids.join(', ')})`);
    if (keys.some((key) => !key.alg)) return warn(check, `a key names no alg (kids ${kids.join(', ')})`);
    return ok(check, `${keys.length} key(s), kid ${kids.join(', ')}`);
  } catch (error) {
    return fail(check, `no answer: ${reason(error)}`);
  }
}
