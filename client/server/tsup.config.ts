import path from 'node:path';
import { defineConfig } from 'tsup';
import { sdkPackageConfig } from '../tsup.sdk';

// A Node package (a site's backend): Node's own modules stay imports, and jose is a dependency, not bundled in.
export default defineConfig(
  sdkPackageConfig({
    tsconfig: path.join(__dirname, 'tsconfig.json'),
    dts: { compilerOptions: { rootDir: __dirname } },
    target: 'node20',
    platform: 'node',
  }),
);
