import { isNewerStatus } from '../../../client/browser/state-order';
import type { LoginState, LoginStatus } from '../../../client/shared/wire-types';

const ID = '3b241101-e2bb-4255-8caf-4136c566a962';
const status = (state: LoginState, version?: number, id = ID): LoginStatus => ({
  id,
  state,
  version,
  expiresAt: '2030-01-01T00:00:00.000Z',
});

describe('isNewerStatus: the browser SDK keeps only news', () => {
  it('takes the first status it hears', () => {
    expect(isNewerStatus(undefined, status('pending', 1))).toBe(true);
  });

  it('orders versioned statuses by version, dropping late and repeated pushes', () => {
    expect(isNewerStatus(status('pending', 1), status('scanned', 2))).toBe(true);
    expect(isNewerStatus(status('scanned', 2), status('pending', 1))).toBe(false);
    expect(isNewerStatus(status('scanned', 2), status('scanned', 2))).toBe(false);
  });

  it('falls back to the one-way state machine when a status has no version', () => {
    expect(isNewerStatus(status('pending'), status('pending', 1))).toBe(false);
    expect(isNewerStatus(status('pending'), status('scanned', 2))).toBe(true);
    expect(isNewerStatus(status('confirmed', 3), status('scanned'))).toBe(false);
    expect(isNewerStatus(status('scanned', 2), status('expired'))).toBe(true);
  });

  it('never moves from one end state to another', () => {
    expect(isNewerStatus(status('denied'), status('expired'))).toBe(false);
  });

  it('ignores statuses of another QR', () => {
    expect(isNewerStatus(status('pending', 1), status('scanned', 2, '00000000-0000-4000-8000-000000000000'))).toBe(
      false,
    );
  });
});
