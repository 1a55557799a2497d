/** One version for the service and its packages: what /reference shows is what every package and changelog says. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { asyncApiDocument } from '../../../server/contract/asyncapi-document';
import { openApiDocument } from '../../../server/contract/openapi-document';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const packages = [
  '.',
  ...readdirSync(path.join(ROOT, 'client'))
    .map((folder) => `client/${folder}`)
    .filter((folder) => existsSync(path.join(ROOT, folder, 'package.json'))),
];
const version = JSON.parse(read('package.json')).version as string;

describe('the one version', () => {
  it('is what /reference shows, in both contract documents', () => {
    expect(openApiDocument().info.version).toBe(version);
    expect(asyncApiDocument().info.version).toBe(version);
  });

  it.each(packages)('%s/package.json says it', (folder) => {
    expect(JSON.parse(read(`${folder}/package.json`)).version).toBe(version);
  });

  it.each(packages)('%s/CHANGELOG.md begins with it', (folder) => {
    const first = /^## (\d+\.\d+\.\d+)/m.exec(read(`${folder}/CHANGELOG.md`))?.[1];
    expect(first).toBe(version);
  });

  it.each(packages.filter((folder) => folder !== '.'))(
    '%s/README.md installs the file npm pack makes of it',
    (folder) => {
      const name = JSON.parse(read(`${folder}/package.json`))
        .name.replace('@', '')
        .replace('/', '-');
      expect(read(`${folder}/README.md`)).toContain(`npm install ../${name}-${version}.tgz`);
    },
  );
});
