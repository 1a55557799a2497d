/** How the docs runner (docs/snippets.md) reads a doc's code blocks: what runs how, what is joined, what fails. */
import { fencedBlocks, snippetsOf } from '../../support/doc-snippets';

const fence = '```';
const doc = (...blocks: string[]) => snippetsOf(fencedBlocks('guide.md', blocks.join('\n\nSome prose.\n\n')));

describe('the docs runner reading a doc', () => {
  it('adds `css continues` and `js continues` to the page before them, as its style sheet and a module script', () => {
    const { snippets, unclassified } = doc(
      `${fence}html\n<qr-login></qr-login>\n${fence}`,
      `${fence}css continues\nqr-login { --qr-login-size: 280px; }\n${fence}`,
      `${fence}js continues\ndocument.querySelector('qr-login').lang = 'fr';\n${fence}`,
    );
    expect(unclassified).toEqual([]);
    expect(snippets).toEqual([
      {
        where: 'guide.md:1',
        kind: 'page',
        language: 'html',
        code: [
          '<qr-login></qr-login>',
          '<style>\nqr-login { --qr-login-size: 280px; }\n</style>',
          `<script type="module">\ndocument.querySelector('qr-login').lang = 'fr';\n</script>`,
        ].join('\n'),
        lines: [1, 7, 13],
      },
    ]);
  });

  it('refuses css or js that continues no page, or stands alone', () => {
    const { snippets, unclassified } = doc(
      `${fence}ts\nconsole.log(1);\n${fence}`,
      `${fence}css continues\nbody {}\n${fence}`,
      `${fence}js\nconsole.log(2);\n${fence}`,
    );
    expect(snippets.map((snippet) => snippet.code)).toEqual(['console.log(1);']);
    expect(unclassified).toEqual([
      'guide.md:7: `css continues` needs an html block before it in the same file',
      expect.stringMatching(/^guide\.md:13: a `js` block is neither run/),
    ]);
  });

  it('runs `ts serves` as a site backend, with the blocks that continue it', () => {
    const { snippets } = doc(
      `${fence}ts serves\nimport Koa from 'koa';\n${fence}`,
      `${fence}ts continues\nnew Koa().listen(4000);\n${fence}`,
      `${fence}ts\nconsole.log('phone');\n${fence}`,
    );
    expect(snippets.map(({ kind, code }) => ({ kind, code }))).toEqual([
      { kind: 'backend', code: "import Koa from 'koa';\nnew Koa().listen(4000);" },
      { kind: 'node-module', code: "console.log('phone');" },
    ]);
  });
});
