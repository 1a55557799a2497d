/**
 * What-if fixes for the service, applied from outside so the benchmark can show before/after in one
 * run without touching server code: `--arms qr-login,qr-login-whatif` starts the second arm with
 * `--require` of this file and BENCH_WHATIF, a comma list of:
 *   jwt-key   jsonwebtoken gets a cached KeyObject instead of a string secret. Given a string, every
 *             verify/sign first tries createPublicKey/createPrivateKey, which throws for an HMAC secret
 *             (~0.4 ms of wasted CPU per call).
 *   qr-byte   the QR content is passed as one byte-mode segment, skipping qrcode's Dijkstra search for
 *             the shortest mix of modes (the content is a URL; byte mode is what it ends up as anyway).
 *   qr-mask   a fixed mask pattern (0) instead of scoring all eight; the code stays valid, the chosen
 *             mask may not be the one with the lowest penalty.
 *   autopipe  ioredis enableAutoPipelining: commands issued in one tick go out in one write.
 */
'use strict';
const fixes = new Set((process.env.BENCH_WHATIF || '').split(',').filter(Boolean));

if (fixes.has('jwt-key')) {
  const { createSecretKey } = require('node:crypto');
  const jwt = require('jsonwebtoken');
  const keys = new Map();
  const keyFor = (secret) => {
    if (typeof secret !== 'string' || secret.includes('-----BEGIN')) return secret;
    if (!keys.has(secret)) keys.set(secret, createSecretKey(Buffer.from(secret)));
    return keys.get(secret);
  };
  const { verify, sign } = jwt;
  jwt.verify = (token, secret, ...rest) => verify.call(jwt, token, keyFor(secret), ...rest);
  jwt.sign = (payload, secret, ...rest) => sign.call(jwt, payload, keyFor(secret), ...rest);
}

if (fixes.has('qr-byte') || fixes.has('qr-mask')) {
  const qrcode = require('qrcode');
  const adjust = (text, options) => [
    fixes.has('qr-byte') && typeof text === 'string' ? [{ data: text, mode: 'byte' }] : text,
    fixes.has('qr-mask') ? { maskPattern: 0, ...options } : options,
  ];
  for (const name of ['toString', 'toDataURL', 'toBuffer']) {
    const original = qrcode[name];
    qrcode[name] = (text, options, ...rest) => original.call(qrcode, ...adjust(text, options), ...rest);
  }
}

if (fixes.has('autopipe')) {
  require('ioredis').default.defaultOptions.enableAutoPipelining = true;
}
