/**
 * `npm test` needs two programs from the system: redis-server (the tests start their own, on a free port)
 * and Chromium (the browser tests; CHROMIUM_PATH when it is not /usr/bin/chromium). Say so in one clear
 * line instead of failing deep inside a test. `npm run test:unit` needs neither.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromiumPath } from '../../test/support/chromium-path';

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const onPath = (program: string) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => executable(join(dir, program)));

const missing: string[] = [];
if (!process.env.REDIS_URL && !onPath('redis-server')) missing.push('redis-server');
if (!executable(chromiumPath())) missing.push('chromium');
if (missing.length > 0) {
  const chromiumHint = missing.includes('chromium')
    ? ` (Chromium was looked for at ${chromiumPath()}; set CHROMIUM_PATH where it lives elsewhere)`
    : '';
  process.stderr.write(
    `npm test needs ${missing.join(' and ')}: install with \`apt-get install -y ${missing.join(' ')}\` ` +
      `(or run \`bash .ci/run\`, which installs them and runs the tests)${chromiumHint}\n`,
  );
  process.exit(1);
}
