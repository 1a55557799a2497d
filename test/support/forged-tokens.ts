import crypto from 'node:crypto';

/** Hand-built JWTs: the forger controls every header and claim byte, which a signing library would refuse to. */
const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signHmac(header: object, claims: object, key: string | Buffer, hash = 'sha256'): string {
  const unsigned = `${encode(header)}.${encode(claims)}`;
  return `${unsigned}.${crypto.createHmac(hash, key).update(unsigned).digest('base64url')}`;
}

export function signRsa(header: object, claims: object, privateKey: crypto.KeyObject): string {
  const unsigned = `${encode(header)}.${encode(claims)}`;
  return `${unsigned}.${crypto.sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

export function unsigned(claims: object): string {
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

const now = (): number => Math.floor(Date.now() / 1000);

/**
 * Every way a mobile token can be bad (RFC 8725, CVE-2022-23540/23541), each named for the report. The mobile
 * secret is known so the only defect in each token is the one named.
 */
export function forgedMobileTokens(mobileSecret: string, userId: string): Array<[string, string]> {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const valid = { sub: userId, name: 'Forged', iat: now(), exp: now() + 300 };
  const hs256 = { alg: 'HS256', typ: 'JWT' };
  return [
    ['alg none', unsigned(valid)],
    ['alg None', `${encode({ alg: 'None' })}.${encode(valid)}.`],
    [
      'alg none with an HS256 signature kept',
      `${encode({ alg: 'none' })}.${encode(valid)}.${signHmac(hs256, valid, mobileSecret).split('.')[2]}`,
    ],
    ['HS384 with the right key', signHmac({ alg: 'HS384', typ: 'JWT' }, valid, mobileSecret, 'sha384')],
    ['HS512 with the right key', signHmac({ alg: 'HS512', typ: 'JWT' }, valid, mobileSecret, 'sha512')],
    ['RS256 with an attacker key', signRsa({ alg: 'RS256', typ: 'JWT' }, valid, privateKey)],
    ['HS256 keyed with an RSA public key (HS/RS confusion)', signHmac(hs256, valid, publicPem)],
    [
      'RS256 with jwk header pointing at the attacker key',
      signRsa({ alg: 'RS256', jwk: publicKey.export({ format: 'jwk' }) }, valid, privateKey),
    ],
    ['HS256 with a wrong key', signHmac(hs256, valid, `${mobileSecret}x`)],
    ['HS256 with an empty key', signHmac(hs256, valid, '')],
    ['expired', signHmac(hs256, { ...valid, iat: now() - 600, exp: now() - 300 }, mobileSecret)],
    ['not yet valid (nbf in the future)', signHmac(hs256, { ...valid, nbf: now() + 600 }, mobileSecret)],
    ['no sub', signHmac(hs256, { name: 'Nobody', iat: now(), exp: now() + 300 }, mobileSecret)],
    ['empty sub', signHmac(hs256, { ...valid, sub: '' }, mobileSecret)],
    ['sub is an object', signHmac(hs256, { ...valid, sub: { id: userId } }, mobileSecret)],
    ['sub is a number', signHmac(hs256, { ...valid, sub: 42 }, mobileSecret)],
    [
      'claims are an array',
      `${encode(hs256)}.${encode([userId])}.${crypto
        .createHmac('sha256', mobileSecret)
        .update(`${encode(hs256)}.${encode([userId])}`)
        .digest('base64url')}`,
    ],
    ['signature stripped', `${signHmac(hs256, valid, mobileSecret).split('.').slice(0, 2).join('.')}.`],
    ['payload swapped after signing', swapPayload(signHmac(hs256, valid, mobileSecret), { ...valid, sub: 'mallory' })],
    ['two segments', signHmac(hs256, valid, mobileSecret).split('.').slice(0, 2).join('.')],
    ['four segments', `${signHmac(hs256, valid, mobileSecret)}.extra`],
    ['header is not JSON', `${Buffer.from('{not json').toString('base64url')}.${encode(valid)}.sig`],
    ['garbage', 'not.a.jwt'],
    ['random base64', crypto.randomBytes(96).toString('base64url')],
    ['huge token', signHmac(hs256, { ...valid, pad: 'x'.repeat(6000) }, `${mobileSecret}x`)],
  ];
}

function swapPayload(token: string, claims: object): string {
  const [header, , signature] = token.split('.');
  return `${header}.${encode(claims)}.${signature}`;
}
