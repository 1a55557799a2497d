import { defineConfig } from 'tsup';
import { sdkPackageConfig } from '../tsup.sdk';

export default defineConfig(sdkPackageConfig());
