import { defineConfig } from 'tsup';
import { sdkPackageConfig } from '../tsup.sdk';

// `element`: the side-effect module `@qr-login/browser/element`, which defines `<qr-login>`.
export default defineConfig(sdkPackageConfig({ entry: { index: 'index.ts', element: 'element/define.ts' } }));
