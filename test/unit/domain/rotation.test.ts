import { judgeRotation, rotationMark, rotationPolicy } from '../../../server/domain';

const policy = rotationPolicy(20)!;
const login = { id: '3b241101-e2bb-4255-8caf-4136c566a962', secretHash: 'ab'.repeat(32), createdAt: 1_000_000 };
const at = (seconds: number) => login.createdAt + seconds * 1000;

describe('the rotating QR mark', () => {
  it('is good for its own period, and for the skew allowance either side of it', () => {
    const first = rotationMark(login, 0);
    const second = rotationMark(login, 1);
    expect(first).not.toBe(second);
    expect(judgeRotation(login, first, at(0), policy)).toBe('current');
    expect(judgeRotation(login, first, at(19.9), policy)).toBe('current');
    expect(judgeRotation(login, first, at(20.5), policy)).toBe('current'); // another instance's clock may lag
    expect(judgeRotation(login, first, at(21.1), policy)).toBe('replaced');
    expect(judgeRotation(login, second, at(19.5), policy)).toBe('current'); // or run ahead
    expect(judgeRotation(login, second, at(18.5), policy)).toBe('replaced');
    expect(judgeRotation(login, first, at(45), policy)).toBe('replaced'); // older than one rotation
  });

  it('cannot be made without the secret hash, nor guessed from the previous one', () => {
    const forged = `1.${rotationMark({ ...login, secretHash: 'cd'.repeat(32) }, 1).split('.')[1]}`;
    expect(judgeRotation(login, forged, at(25), policy)).toBe('replaced');
    expect(judgeRotation(login, `1.${rotationMark(login, 0).split('.')[1]}`, at(25), policy)).toBe('replaced');
    expect(judgeRotation(login, undefined, at(1), policy)).toBe('replaced');
    expect(judgeRotation(login, 'nonsense', at(1), policy)).toBe('replaced');
  });

  it('keeps the skew allowance under a quarter of a short period', () => {
    expect(rotationPolicy(2)).toEqual({ periodMs: 2000, skewMs: 500 });
    expect(rotationPolicy(0)).toBeUndefined();
  });
});
