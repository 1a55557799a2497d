import { ConfigError, loadConfig } from '../../../server/config';

const MOBILE_JWT_SECRET = 'a-mobile-secret-of-at-least-32-characters!';

describe('DEMO_USERS', () => {
  it('is on without a mobile key, its tokens under the secret made up for the run (which the workers share)', () => {
    const config = loadConfig({});
    expect(config.demoUsers).toBe(true);
    expect(config.demoTokenKey).toBe(config.mobileJwtSecret);
  });

  it('is off beside a configured key unless asked for, and then signs under a key of its own', () => {
    expect(loadConfig({ MOBILE_JWT_SECRET }).demoUsers).toBe(false);
    const asked = loadConfig({ MOBILE_JWT_SECRET, DEMO_USERS: 'true' });
    expect(asked.demoUsers).toBe(true);
    expect(asked.demoTokenKey).not.toBe(MOBILE_JWT_SECRET);
    expect(asked.warnings.filter((line) => /demo/i.test(line))).toEqual([]);
  });

  it('beside a configured key runs in one process only: each makes up its own demo key', () => {
    const env = { MOBILE_JWT_SECRET, DEMO_USERS: 'true', WORKERS: '2', REDIS_URL: 'redis://r:6379' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/DEMO_USERS: .*WORKERS=1/);
  });
});
