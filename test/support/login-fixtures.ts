import { randomUUID } from 'node:crypto';
import type { Action, Actor, Login, LoginState, TransitionPolicy } from '../../server/domain';
import { hashBrowserSecret } from '../../server/service/browser-secret';
import { PHONE_ACTIONS } from './transition-matrix';

/** A decision window longer than any fixture's life, unless a test is about the window. */
export const POLICY: TransitionPolicy = { confirmWindowSeconds: 600, exchangeGraceSeconds: 10 };

export const OWNER_SECRET = 'A'.repeat(43);
export const OTHER_SECRET = 'B'.repeat(43);
export const SCANNER = { id: 'user-scanner', name: 'Scanner', picture: 'https://example.test/s.png' };
export const STRANGER = { id: 'user-stranger', name: 'Stranger' };

/** A login in `state`, as it would be after the moves that lead there (scanned by SCANNER unless pending). */
export function loginIn(state: LoginState, now = Date.now(), ttlMs = 60_000): Login {
  const login: Login = {
    id: randomUUID(),
    state,
    version: 1,
    secretHash: hashBrowserSecret(OWNER_SECRET),
    createdAt: now,
    expiresAt: now + ttlMs,
    requester: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 Test', origin: 'https://shop.example' },
  };
  if (state !== 'pending') {
    login.user = { ...SCANNER };
    login.scannedAt = now;
    login.version = 2;
  }
  return login;
}

export function actorFor(action: Action, rightful: boolean): Actor {
  if (PHONE_ACTIONS.has(action)) return { kind: 'phone', user: rightful ? { ...SCANNER } : { ...STRANGER } };
  return { kind: 'browser', secretHash: hashBrowserSecret(rightful ? OWNER_SECRET : OTHER_SECRET) };
}
