/**
 * Why a login was denied, in a change message: taken only from inside the part the MAC covers (a forged message
 * cannot make a decline look like a wrong pick, or the reverse), and a message of an older instance that carries
 * none is still accepted during a rolling upgrade, its reason unknown.
 */
import { createHmac } from 'node:crypto';
import { parseChange } from '../../server/store/redis/change-message';

const KEY = Buffer.from('change-message-key-0123456789abcdef');
const ID = '0b7b8c4e-2a1c-4f7e-9a55-3f1f3c1f0a11';

function signed(moved: object): string {
  const text = JSON.stringify(moved);
  return JSON.stringify({ id: ID, version: 3, moved: text, mac: createHmac('sha1', KEY).update(text).digest('hex') });
}

const denied = { id: ID, version: 3, state: 'denied', expiresAt: Date.now() + 60_000, userId: 'alice' };

describe('the reason a change message gives for a denial', () => {
  it.each(['declined', 'wrong_check_code'])('is %s when the verified part says so', (denialReason) => {
    expect(parseChange(signed({ ...denied, denialReason }), KEY)?.change.login).toMatchObject({
      state: 'denied',
      denialReason,
    });
  });

  it('is unknown in a message of an older instance that carries none, which is still accepted', () => {
    const login = parseChange(signed(denied), KEY)?.change.login;
    expect(login).toMatchObject({ state: 'denied' });
    expect(login).not.toHaveProperty('denialReason');
  });

  it('is never taken from beside the MAC, nor when it is not one the service knows', () => {
    const beside = { ...JSON.parse(signed(denied)), denialReason: 'declined' };
    expect(parseChange(JSON.stringify(beside), KEY)?.change.login).not.toHaveProperty('denialReason');
    const unknown = parseChange(signed({ ...denied, denialReason: 'because' }), KEY)?.change.login;
    expect(unknown).toMatchObject({ state: 'denied' });
    expect(unknown).not.toHaveProperty('denialReason');
  });
});
