import type { Login } from '../domain';
import { type CheckCodeMode, checkCodeChoices } from './check-code';
import type { Geolocator } from './geolocator';
import { onSameNetwork, summariseUserAgent } from './requester-context';
import type { ScanResult } from './results';

export interface ScanAnswerContext {
  /** The site the phone is told it signs in to (SITE_NAME, and the service's own origin). */
  site: { name?: string; ownOrigin: string };
  geolocator?: Geolocator;
  checkCode: CheckCodeMode;
  /** The phone's address, to say whether it sits on the asking browser's network. */
  phoneIp: string;
  now: number;
}

/** What the phone is told of a login it has just claimed, so its user can judge who is asking. */
export function scanAnswer(login: Login, context: ScanAnswerContext): ScanResult {
  const { ip, userAgent, origin } = login.requester;
  const { site } = context;
  const location = context.geolocator?.locate(ip);
  const answer: ScanResult = {
    id: login.id,
    expiresAt: login.expiresAt,
    // Logins stored before origins were kept name the service's own site.
    site: { origin: origin ?? site.ownOrigin, ...(site.name && { name: site.name }) },
    requester: {
      ip,
      userAgent,
      createdAt: login.createdAt,
      ageSeconds: Math.max(0, Math.round((context.now - login.createdAt) / 1000)),
      ...summariseUserAgent(userAgent),
      ...(location && { location }),
    },
    sameNetwork: onSameNetwork(ip, context.phoneIp),
  };
  // In match mode the answer offers three numbers and never marks the right one: the user must look at the screen.
  if (login.checkCode !== undefined) {
    answer.checkCode =
      context.checkCode === 'match'
        ? { mode: 'match', choices: checkCodeChoices(login.checkCode, login.secretHash) }
        : { mode: 'display', code: login.checkCode };
  }
  return answer;
}
