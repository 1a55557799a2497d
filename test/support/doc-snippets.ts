import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository's root. */
export const ROOT = path.resolve(__dirname, '../..');

/** The docs whose code blocks a user copies (docs/snippets.md): each block in them runs in `npm test` or says why not. */
const DOC_PATTERNS = ['README.md', 'docs/integrate.md', 'client/README.md', 'client/*/README.md'];

/** The tag of a block that is shown, not run: shell commands, configuration excerpts, output, file trees. */
export const NOT_RUN = 'not-run';
/**
 * The tag of a block that goes on from the one before it in the same file: TypeScript after TypeScript (one
 * program), or `css` and `js` after a page (its styles and a script of its own, added at its end).
 */
export const CONTINUES = 'continues';
/** The tag of a TypeScript block that is a site's backend: it listens on PORT until stopped. */
export const SERVES = 'serves';

export type SnippetKind = 'page' | 'browser-module' | 'node-module' | 'backend' | 'not-run';

export interface DocBlock {
  /** Where it is, as `file:line` of its opening fence: what a failure names. */
  where: string;
  file: string;
  line: number;
  language: string;
  tags: string[];
  code: string;
}

export interface Snippet {
  where: string;
  kind: SnippetKind;
  /** `ts` or `tsx` for modules, `html` for pages. */
  language: string;
  /** The code as the reader copies it, joined with the blocks that continue it. */
  code: string;
  /** The first line of each block joined in, for messages. */
  lines: number[];
}

/** Every tracked or new (not ignored) file matching the patterns, existing on disk. */
export function docFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...DOC_PATTERNS], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return [...new Set(listed.split('\n'))].filter((file) => file && existsSync(path.join(ROOT, file))).sort();
}

/** The fenced code blocks of a Markdown file (``` or ~~~, any indentation), in order. */
export function fencedBlocks(file: string, text = readFileSync(path.join(ROOT, file), 'utf8')): DocBlock[] {
  const blocks: DocBlock[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[n]!);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body: string[] = [];
    let end = n + 1;
    for (; end < lines.length; end++) {
      const line = lines[end]!;
      if (line.trim().startsWith(fence!) && line.trim().replace(/[`~]/g, '') === '') break;
      body.push(line.startsWith(indent!) ? line.slice(indent!.length) : line.trimStart());
    }
    const [language = '', ...tags] = info!.trim().split(/\s+/).filter(Boolean);
    blocks.push({
      where: `${file}:${n + 1}`,
      file,
      line: n + 1,
      language: language.toLowerCase(),
      tags,
      code: body.join('\n'),
    });
    n = end;
  }
  return blocks;
}

const TYPESCRIPT = new Set(['ts', 'typescript', 'tsx']);
/** What a page's `continues` block adds to it: CSS as its style sheet, JavaScript as a module script. */
const PAGE_ADDITIONS: Record<string, (code: string) => string> = {
  css: (code) => `<style>\n${code}\n</style>`,
  js: (code) => `<script type="module">\n${code}\n</script>`,
};
/** Packages that only make sense in a page: a module importing one runs in Chromium. */
const BROWSER_PACKAGES = /from\s+['"](@qr-login\/browser|@qr-login\/react|react-dom[^'"]*)['"]/;

/**
 * What the runner does with a block, or why it cannot tell. `html` is a page; TypeScript is a module, run in Chromium
 * when it imports a browser package, else in Node; anything else must say `not-run`.
 */
export function classify(block: DocBlock): SnippetKind | { unclassified: string } {
  if (block.tags.includes(NOT_RUN)) return 'not-run';
  if (block.language === 'html') return 'page';
  if (TYPESCRIPT.has(block.language)) {
    if (block.tags.includes(SERVES)) return 'backend';
    return BROWSER_PACKAGES.test(block.code) ? 'browser-module' : 'node-module';
  }
  if (PAGE_ADDITIONS[block.language] && block.tags.includes(CONTINUES)) return 'page';
  return {
    unclassified: `${block.where}: a \`${block.language || '(no language)'}\` block is neither run (html, ts, tsx; css or js continuing a page) nor tagged \`${NOT_RUN}\``,
  };
}

/**
 * The snippets of the docs, `continues` blocks joined to the one before them, and the blocks no rule covers.
 * Not-run blocks are left out.
 */
export function docSnippets(files = docFiles()): { snippets: Snippet[]; unclassified: string[] } {
  const found = files.map((file) => snippetsOf(fencedBlocks(file)));
  return { snippets: found.flatMap((one) => one.snippets), unclassified: found.flatMap((one) => one.unclassified) };
}

/** The snippets of one doc's blocks (in order), and the blocks no rule covers. */
export function snippetsOf(blocks: DocBlock[]): { snippets: Snippet[]; unclassified: string[] } {
  const snippets: Snippet[] = [];
  const unclassified: string[] = [];
  let last: Snippet | undefined;
  for (const block of blocks) {
    const kind = classify(block);
    if (typeof kind === 'object') {
      unclassified.push(kind.unclassified);
      continue;
    }
    if (kind === 'not-run') continue;
    const addition = PAGE_ADDITIONS[block.language];
    if (addition) {
      if (last?.kind !== 'page') {
        unclassified.push(
          `${block.where}: \`${block.language} ${CONTINUES}\` needs an html block before it in the same file`,
        );
        continue;
      }
      last.code += `\n${addition(block.code)}`;
      last.lines.push(block.line);
      continue;
    }
    const language = block.language === 'html' ? 'html' : block.language === 'tsx' ? 'tsx' : 'ts';
    if (block.tags.includes(CONTINUES)) {
      if (!last || last.kind === 'page') {
        unclassified.push(`${block.where}: \`${CONTINUES}\` needs a TypeScript block before it in the same file`);
        continue;
      }
      last.code += `\n${block.code}`;
      last.lines.push(block.line);
      if (kind === 'browser-module' || kind === 'backend') last.kind = kind;
      if (language === 'tsx') last.language = 'tsx';
      continue;
    }
    last = { where: block.where, kind, language, code: block.code, lines: [block.line] };
    snippets.push(last);
  }
  return { snippets, unclassified };
}

/** The docs' placeholder service address, in either spelling, as the test service's `url`. */
export function pointAt(code: string, url: string): string {
  return code.replace(/https:\/\/login\.example(?:\.com)?(?![\w.-])/g, url);
}
