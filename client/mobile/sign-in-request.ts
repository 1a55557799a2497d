import type { ScanResult } from '../shared/wire-types';
import { describeRequester, type RequesterSummary } from './describe-requester';

/** What the confirm screen shows once the user scanned or typed a code: who is asking, and what to pick. */
export interface SignInRequest {
  /** The sign-in's id: pass it to `confirm` or `deny`. */
  id: string;
  /** Who is asking, in words: the site, where, which browser, how long ago, whether on the phone's network. */
  requester: RequesterSummary;
  /**
   * Number matching (the service's default): offer these numbers; the user picks the one the other screen shows,
   * and `confirm` sends it. A wrong pick ends the sign-in. Empty when the service asks for no pick.
   */
  choices: string[];
  /** When the service shows one number on both screens instead of asking for a pick: the number to compare. */
  codeToCompare?: string;
  /** The user decides before this; after it the sign-in is gone. */
  expiresAt: Date;
  /** The service's whole answer to the scan. */
  scan: ScanResult;
}

export function toSignInRequest(scan: ScanResult): SignInRequest {
  const check = scan.checkCode;
  return {
    id: scan.id,
    requester: describeRequester(scan),
    choices: check?.mode === 'match' ? [...check.choices] : [],
    ...(check?.mode === 'display' && { codeToCompare: check.code }),
    expiresAt: new Date(scan.expiresAt),
    scan,
  };
}
