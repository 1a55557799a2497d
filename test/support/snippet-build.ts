import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import ts from 'typescript';
import { ROOT, type Snippet } from './doc-snippets';

/** Where snippets are written to be checked and bundled: inside the repository, so its node_modules resolve. */
export const SNIPPETS_DIR = path.join(ROOT, 'test-artifacts/snippets');
export const HARNESS_DIR = path.join(ROOT, 'test/docs/harness');

/**
 * The workspace packages of client/ by their package names, each entry of its build (tsup.config.ts `entry`, else
 * `index`) at its source: `@qr-login/mobile` → client/mobile/index.ts, `@qr-login/browser/element` → its entry.
 */
export function workspaceSources(): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const dir of readdirSync(path.join(ROOT, 'client'))) {
    const manifest = path.join(ROOT, 'client', dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string };
    const tsup = path.join(ROOT, 'client', dir, 'tsup.config.ts');
    const entryText = existsSync(tsup) ? /entry:\s*\{([^}]*)\}/.exec(readFileSync(tsup, 'utf8'))?.[1] : undefined;
    const entries = entryText
      ? [...entryText.matchAll(/(\w+):\s*['"]([^'"]+)['"]/g)].map(([, key, file]) => [key!, file!] as const)
      : [['index', existsSync(path.join(ROOT, 'client', dir, 'index.tsx')) ? 'index.tsx' : 'index.ts'] as const];
    for (const [key, file] of entries) {
      sources[key === 'index' ? name : `${name}/${key}`] = path.join(ROOT, 'client', dir, file);
    }
  }
  return sources;
}

/** A file name for a snippet: its doc and line. */
export function slugOf(snippet: Snippet): string {
  return snippet.where.replace(/[^A-Za-z0-9]+/g, '-');
}

/** Writes each snippet as a module of its own (so top-level await works and names do not clash); returns the paths. */
export function writeSnippets(snippets: Snippet[], code: (snippet: Snippet) => string): Map<Snippet, string> {
  rmSync(SNIPPETS_DIR, { recursive: true, force: true });
  mkdirSync(SNIPPETS_DIR, { recursive: true });
  const files = new Map<Snippet, string>();
  for (const snippet of snippets) {
    const file = path.join(SNIPPETS_DIR, `${slugOf(snippet)}.${snippet.language}`);
    writeFileSync(file, `${code(snippet)}\nexport {};\n`);
    files.set(snippet, file);
  }
  return files;
}

/**
 * Type errors of the snippets, `where: message` each, compiled as a reader's strict project would: ES modules for a
 * bundler, DOM and Node types, the workspace packages by name, the harness's globals (globals.d.ts).
 */
export function typeErrors(files: Map<Snippet, string>): string[] {
  const sources = workspaceSources();
  const { options } = ts.convertCompilerOptionsFromJson(
    {
      strict: true,
      target: 'ES2022',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      module: 'ESNext',
      moduleResolution: 'Bundler',
      jsx: 'react-jsx',
      types: ['node'],
      skipLibCheck: true,
      noEmit: true,
      esModuleInterop: true,
      paths: Object.fromEntries(Object.entries(sources).map(([name, file]) => [name, [file]])),
    },
    ROOT,
  );
  const program = ts.createProgram([path.join(HARNESS_DIR, 'globals.d.ts'), ...files.values()], options);
  const where = new Map([...files].map(([snippet, file]) => [path.resolve(file), snippet.where]));
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file && where.has(path.resolve(diagnostic.file.fileName)))
    .map((diagnostic) => {
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      return `${where.get(path.resolve(diagnostic.file!.fileName))} (snippet line ${line + 1}): ${message}`;
    });
}

/**
 * Bundles a snippet module for Node or for a page; the workspace packages come from their sources. A phone app runs
 * after the phone prelude, which sets the harness's globals; a site's backend (`node-backend`) has none. Returns the
 * bundle's path.
 */
export async function bundleSnippet(file: string, target: 'node' | 'node-backend' | 'browser'): Promise<string> {
  const platform = target === 'browser' ? 'browser' : 'node';
  const entry = file.replace(/\.tsx?$/, '.entry.ts');
  const imports = target === 'node' ? [path.join(HARNESS_DIR, 'phone-prelude.ts'), file] : [file];
  writeFileSync(entry, imports.map((imported) => `import ${JSON.stringify(imported)};`).join('\n'));
  const outfile = file.replace(/\.tsx?$/, platform === 'node' ? '.bundle.mjs' : '.bundle.js');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform,
    format: 'esm',
    target: platform === 'node' ? 'node20' : 'es2022',
    jsx: 'automatic',
    plugins: [workspacePackages()],
    // CommonJS dependencies bundled into an ES module still call require.
    banner:
      platform === 'node'
        ? { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }
        : undefined,
    logLevel: 'silent',
  });
  return outfile;
}

/** Resolves each workspace package name (and entry) exactly to its source file; anything else as usual. */
function workspacePackages(): Plugin {
  const sources = workspaceSources();
  return {
    name: 'workspace-packages',
    setup(bundle) {
      bundle.onResolve({ filter: /^@qr-login\// }, (args) =>
        sources[args.path] ? { path: sources[args.path] } : undefined,
      );
    },
  };
}
