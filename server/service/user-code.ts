import { randomInt } from 'node:crypto';

/**
 * The short code under the QR for a phone without a camera, or a user who types (RFC 8628 §6.1): 8 letters from
 * 20 consonants, so no vowels spell words and nothing looks like a digit (no 0/O, 1/I/L confusion): 20^8 ≈ 2.6e10
 * codes. Shown as XXXX-XXXX; read back in any case, with or without the dash or spaces.
 */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const USER_CODE_LENGTH = 8;
const USER_CODE = new RegExp(`^[${USER_CODE_ALPHABET}]{${USER_CODE_LENGTH}}$`);

export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The code as stored, from what a person typed; undefined when it cannot be one. */
export function normaliseUserCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  return USER_CODE.test(code) ? code : undefined;
}
