import path from 'node:path';
import type { Options } from 'tsup';

/**
 * How both SDK packages are built for npm (`npm run build -w client/<name>`, also on `npm pack`):
 * ES module and CommonJS beside each other, each with its own bundled `.d.ts`, so `exports` can give
 * `import` and `require` consumers the right pair. The wire types are inlined from server/wire at build time.
 */
export function sdkPackageConfig(overrides: Options = {}): Options {
  return {
    entry: { index: 'index.ts' },
    format: ['esm', 'cjs'],
    // rootDir: the wire types come from server/wire, outside the package folder.
    dts: { compilerOptions: { rootDir: path.join(__dirname, '..') } },
    tsconfig: path.join(__dirname, 'tsconfig.sdk.json'),
    outDir: 'dist',
    clean: true,
    // Browsers from 2020 on (Safari 14, Chrome 85, Firefox 80), like the served bundle.
    target: 'es2020',
    sourcemap: true,
    treeshake: true,
    ...overrides,
  };
}
