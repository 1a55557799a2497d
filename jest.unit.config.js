/** `npm run test:unit`: test/unit only, which needs neither Redis nor Chromium, so no Redis is started. */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
