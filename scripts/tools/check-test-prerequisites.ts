/**
 * `npm test` needs two programs from the system: redis-server (the tests start their own, on a free port)
 * and Chromium (the browser tests). Say so in one clear line instead of failing deep inside a test.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const onPath = (program: string) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

const missing: string[] = [];
if (!process.env.REDIS_URL && !onPath('redis-server')) missing.push('redis-server');
if (!onPath('chromium')) missing.push('chromium');
if (missing.length > 0) {
  process.stderr.write(
    `npm test needs ${missing.join(' and ')}: install with \`apt-get install -y ${missing.join(' ')}\` ` +
      '(or run `bash .ci/run`, which installs them and runs the tests)\n',
  );
  process.exit(1);
}
