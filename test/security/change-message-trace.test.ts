/**
 * The trace context in a change message (T15: anyone who can publish on Redis can send anything): an instance
 * with the change-message key takes it only from inside the part the MAC covers, so a forged message cannot put
 * a push into a trace of its choosing; without the key it is taken from the hint, checked for form.
 */
import { createHmac } from 'node:crypto';
import { parseChange } from '../../server/store/redis/change-message';

const KEY = Buffer.from('change-message-key-0123456789abcdef');
const ID = '0b7b8c4e-2a1c-4f7e-9a55-3f1f3c1f0a11';
const TRACE = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'vendor=1' };
const FORGED = { traceparent: '00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01' };

function signed(moved: object, key = KEY): Record<string, unknown> {
  const text = JSON.stringify(moved);
  return { id: ID, version: 2, moved: text, mac: createHmac('sha1', key).update(text).digest('hex') };
}

const moved = { id: ID, version: 2, state: 'confirmed', expiresAt: Date.now() + 60_000, userId: 'alice' };

describe('the trace context a change message carries', () => {
  it('is taken from inside the verified part with the key, beside the login it vouches for', () => {
    const received = parseChange(JSON.stringify(signed({ ...moved, trace: TRACE })), KEY);
    expect(received).toMatchObject({ change: { id: ID, version: 2, login: { state: 'confirmed' } }, trace: TRACE });
  });

  it('is never taken from outside the MAC, nor from a message whose MAC fails, with the key', () => {
    const beside = { ...signed(moved), trace: FORGED };
    expect(parseChange(JSON.stringify(beside), KEY)?.trace).toBeUndefined();
    const hint = { id: ID, version: 2, trace: FORGED };
    expect(parseChange(JSON.stringify(hint), KEY)).toEqual({ change: { id: ID, version: 2 } });
    const otherKey = signed({ ...moved, trace: FORGED }, Buffer.from('another-key-0123456789abcdef0123'));
    expect(parseChange(JSON.stringify(otherKey), KEY)).toEqual({ change: { id: ID, version: 2 } });
  });

  it('is taken from the hint without a key, only when it has the form of one', () => {
    expect(parseChange(JSON.stringify({ id: ID, version: 2, trace: TRACE }))?.trace).toEqual(TRACE);
    for (const trace of [{ traceparent: 42 }, { traceparent: 'x'.repeat(500) }, 'not an object', null]) {
      expect(parseChange(JSON.stringify({ id: ID, version: 2, trace }))).toEqual({ change: { id: ID, version: 2 } });
    }
    const longState = { ...TRACE, tracestate: 'v=1,'.repeat(200) };
    expect(parseChange(JSON.stringify({ id: ID, version: 2, trace: longState }))?.trace).toEqual({
      traceparent: TRACE.traceparent,
    });
  });

  it('leaves a message without one as it was', () => {
    expect(parseChange(JSON.stringify(signed(moved)), KEY)).toEqual({
      change: { id: ID, version: 2, login: expect.objectContaining({ state: 'confirmed' }) },
    });
  });
});
