import { type Action, decide, toExpiredStatus, toStatus } from '../../../server/domain';
import { refusalError } from '../../../server/service/errors';
import { actorFor, loginIn, POLICY, SCANNER, STRANGER } from '../../support/login-fixtures';
import { ACTIONS, BY_RIGHTFUL_ACTOR, BY_WRONG_ACTOR, STORED_STATES, TARGET } from '../../support/transition-matrix';

const NOW = 1_800_000_000_000;

describe.each([
  ['the rightful actor', true, BY_RIGHTFUL_ACTOR],
  ['the wrong actor', false, BY_WRONG_ACTOR],
] as const)('the state machine, moved by %s', (_who, rightful, table) => {
  const cases = ACTIONS.flatMap((action) =>
    STORED_STATES.map((state) => [action, state, table[action][state]] as const),
  );

  it.each(cases)('%s from %s is %s', (action, state, expected) => {
    const login = loginIn(state, NOW);
    const outcome = decide(login, action, actorFor(action, rightful), NOW, POLICY);
    switch (expected) {
      case 'changed':
        expect(outcome.kind).toBe('changed');
        if (outcome.kind !== 'changed') return;
        expect(outcome.login.state).toBe(TARGET[action]);
        expect(outcome.login.version).toBe(login.version + 1);
        break;
      case 'repeated':
        expect(outcome).toEqual({ kind: 'repeated', login });
        break;
      case 'conflict':
        expect(outcome).toEqual({ kind: 'refused', refusal: { reason: 'conflict', state } });
        break;
      case 'forbidden':
        expect(outcome).toEqual({ kind: 'refused', refusal: { reason: 'forbidden' } });
        break;
    }
  });
});

describe('the first scan claims the login for the scanning user', () => {
  it('records the user from the token and the time of the scan', () => {
    const outcome = decide(loginIn('pending', NOW), 'scan', { kind: 'phone', user: STRANGER }, NOW + 5, POLICY);
    expect(outcome.kind === 'changed' && outcome.login).toMatchObject({ user: STRANGER, scannedAt: NOW + 5 });
  });

  it('starts the decision window: the login now ends within it, but never later than the QR would', () => {
    const login = loginIn('pending', NOW, 120_000);
    const short = decide(login, 'scan', { kind: 'phone', user: STRANGER }, NOW + 1_000, {
      ...POLICY,
      confirmWindowSeconds: 30,
    });
    expect(short.kind === 'changed' && short.login.expiresAt).toBe(NOW + 31_000);
    const long = decide(login, 'scan', { kind: 'phone', user: STRANGER }, NOW + 1_000, {
      ...POLICY,
      confirmWindowSeconds: 600,
    });
    expect(long.kind === 'changed' && long.login.expiresAt).toBe(login.expiresAt);
  });

  it('a repeated scan by the same user leaves the claim as it was', () => {
    const login = loginIn('scanned', NOW);
    const outcome = decide(login, 'scan', { kind: 'phone', user: { ...SCANNER, name: 'Renamed' } }, NOW + 9, POLICY);
    expect(outcome).toEqual({ kind: 'repeated', login });
  });
});

describe('a login past its lifetime', () => {
  it.each(ACTIONS)('refuses %s as not found, even to the rightful actor', (action: Action) => {
    const login = loginIn('confirmed', NOW, 1_000);
    expect(decide(login, action, actorFor(action, true), NOW + 1_000, POLICY)).toEqual({
      kind: 'refused',
      refusal: { reason: 'not_found' },
    });
  });

  it('is pushed as "expired", one version after the last stored state', () => {
    const last = toStatus(loginIn('scanned', NOW));
    expect(toExpiredStatus(last)).toEqual({
      id: last.id,
      state: 'expired',
      version: last.version + 1,
      expiresAt: last.expiresAt,
    });
  });
});

describe('refusals become errors with the contract codes', () => {
  it('names the state on conflict and the reason on forbidden', () => {
    expect(refusalError('consume', { reason: 'conflict', state: 'consumed' })).toMatchObject({
      code: 'conflict',
      details: { state: 'consumed' },
    });
    expect(refusalError('cancel', { reason: 'forbidden' }).message).toMatch(/secret/);
    expect(refusalError('confirm', { reason: 'forbidden' }).message).toMatch(/another user/);
    expect(refusalError('scan', { reason: 'not_found' }).code).toBe('not_found');
  });

  it('rejects an action made by the wrong kind of actor as a programming error', () => {
    expect(() => decide(loginIn('pending', NOW), 'consume', { kind: 'phone', user: SCANNER }, NOW, POLICY)).toThrow(
      /browser action/,
    );
  });
});

describe('the status a browser sees', () => {
  it('shows the user name and picture but never the user id, the secret hash or the requester', () => {
    const status = toStatus(loginIn('scanned', NOW));
    expect(status.user).toEqual({ name: SCANNER.name, picture: SCANNER.picture });
    expect(JSON.stringify(status)).not.toMatch(/secretHash|user-scanner|203\.0\.113\.7/);
  });
});

describe('why a login was denied', () => {
  const MATCH = { ...POLICY, requireCheckCode: true };
  const phone = (checkCode?: string) => ({ kind: 'phone' as const, user: { ...SCANNER }, checkCode });
  const scannedWithCode = () => ({ ...loginIn('scanned', NOW), checkCode: '42' });

  it('a decline says declined, a wrong pick says wrong_check_code, and the browser sees which', () => {
    const declined = decide(scannedWithCode(), 'deny', phone(), NOW, MATCH);
    expect(declined).toMatchObject({ kind: 'changed', login: { state: 'denied', denialReason: 'declined' } });
    const wrong = decide(scannedWithCode(), 'confirm', phone('24'), NOW, MATCH);
    expect(wrong).toMatchObject({ kind: 'wrong_pick', login: { state: 'denied', denialReason: 'wrong_check_code' } });
    expect(toStatus(wrong.kind === 'wrong_pick' ? wrong.login : loginIn('pending', NOW))).toMatchObject({
      state: 'denied',
      reason: 'wrong_check_code',
    });
  });

  it('is not said in any other state, nor when a login was denied without one (an older version)', () => {
    const confirmed = decide(scannedWithCode(), 'confirm', phone('42'), NOW, MATCH);
    expect(confirmed.kind === 'changed' && confirmed.login.denialReason).toBeUndefined();
    expect(toStatus(loginIn('denied', NOW))).not.toHaveProperty('reason');
  });
});
