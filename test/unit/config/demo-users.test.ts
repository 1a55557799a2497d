import { loadConfig } from '../../../server/config';
import { refusal } from './refusal';

const MOBILE_JWT_SECRET = 'a-mobile-secret-of-at-least-32-characters!';

describe('DEMO_USERS', () => {
  it('is on without a mobile key, its tokens under a key of its own made up for the run', () => {
    const config = loadConfig({});
    expect(config.demoUsers).toBe(true);
    expect(config.demoTokenSecret).not.toBe(config.mobileJwtSecret);
  });

  it('is off beside a configured key unless asked for, and then signs under a key of its own', () => {
    const off = loadConfig({ MOBILE_JWT_SECRET });
    expect(off.demoUsers).toBe(false);
    const asked = loadConfig({ MOBILE_JWT_SECRET, DEMO_USERS: 'true' });
    expect(asked.demoUsers).toBe(true);
    expect(asked.demoTokenSecret).not.toBe(MOBILE_JWT_SECRET);
    expect(asked.warnings.filter((line) => /demo/i.test(line))).toEqual([]);
  });

  it('refuses a DEMO_TOKEN_SECRET that is a real key', () => {
    const error = refusal({ MOBILE_JWT_SECRET, DEMO_USERS: 'true', DEMO_TOKEN_SECRET: MOBILE_JWT_SECRET });
    expect(error.variable).toBe('DEMO_TOKEN_SECRET');
  });
});
