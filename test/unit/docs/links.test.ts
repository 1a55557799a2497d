/** The docs travel with the repository: every relative link points at a file inside it that exists. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const markdownFiles = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], {
  cwd: ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => file && existsSync(path.join(ROOT, file)));

function relativeLinks(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'));
}

describe('links in the docs', () => {
  it('finds the docs', () => {
    expect(markdownFiles).toEqual(expect.arrayContaining(['README.md', 'docs/api.md']));
  });

  it.each(markdownFiles)('%s links only files inside the repository', (file) => {
    const broken = relativeLinks(file).filter((target) => {
      const resolved = path.resolve(ROOT, path.dirname(file), target.split('#')[0]!);
      return !resolved.startsWith(ROOT + path.sep) || !existsSync(resolved);
    });
    expect(broken).toEqual([]);
  });
});
