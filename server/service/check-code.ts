import { createHash, randomInt } from 'node:crypto';

/**
 * Number matching against relayed QR codes (threat model T1, RFC 10027 "Request Binding with Out-of-Band Data"):
 * after the scan the browser shows two digits, and the phone's user must find them among three.
 * `display` only shows them on the phone to compare; `match` makes the user pick and refuses a confirm without one.
 */
export const CHECK_CODE_MODES = ['off', 'display', 'match'] as const;
export type CheckCodeMode = (typeof CHECK_CODE_MODES)[number];

export function newCheckCode(): string {
  return String(randomInt(10, 100));
}

/**
 * The three numbers the phone offers: the code and two others, in an order and with decoys drawn from the
 * secret's hash, which only the service knows. So a repeated scan offers the same three in the same places, and
 * nothing in the answer marks the right one.
 */
export function checkCodeChoices(code: string, secretHash: string): string[] {
  const digest = createHash('sha256').update(`check-code-choices:${secretHash}`).digest();
  const choices = [code];
  for (let byte = 0; choices.length < 3; byte++) {
    const candidate = String(10 + (digest.readUInt16BE(byte * 2) % 90));
    if (!choices.includes(candidate)) choices.push(candidate);
  }
  const place = digest[31]! % 3;
  [choices[0], choices[place]] = [choices[place]!, choices[0]!];
  return choices;
}
