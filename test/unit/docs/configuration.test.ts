import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { CONFIGURATION_FILES, configurationFiles } from '../../../scripts/tools/configuration-docs';
import { ENVIRONMENT_VARIABLES, loadConfig } from '../../../server/config';
import { environmentName, type Setting, settings } from '../../../server/config/settings';

const files = configurationFiles();

describe('docs/configuration.md and the .env examples', () => {
  it.each(Object.keys(CONFIGURATION_FILES) as Array<keyof typeof CONFIGURATION_FILES>)(
    'the %s file is what the settings make now (run `npm run docs:config` after changing a setting)',
    (file) => {
      expect(readFileSync(CONFIGURATION_FILES[file], 'utf8')).toBe(files[file]);
    },
  );

  it('describes every variable the service reads, each once', () => {
    const described = [...files.docs.matchAll(/^### `([A-Z0-9_]+)`$/gm)].map(([, name]) => name);
    expect(described.sort()).toEqual([...ENVIRONMENT_VARIABLES].sort());
  });

  it('gives each an example its setting accepts', () => {
    const examples = [...files.docs.matchAll(/^- Example: `([A-Z0-9_]+)=(.*)`$/gm)];
    expect(examples).toHaveLength(ENVIRONMENT_VARIABLES.length);
    // Secrets and keys are placeholders (`<…>`) and paths name files on the deploying machine.
    const plain = examples.filter(([, , value]) => !/[<…]|^\//.test(value!));
    const refused = plain.filter(([, variable, value]) => {
      const setting = (Object.keys(settings) as Setting[]).find((name) => environmentName(name) === variable)!;
      return !settings[setting].safeParse(value).success;
    });
    expect(refused.map(([example]) => example)).toEqual([]);
  });

  it('leaves development empty and fails a production copy closed until its required settings are filled in', () => {
    expect(parseEnv(files.development)).toEqual({});
    const production = parseEnv(files.production);
    expect(production).toEqual({
      NODE_ENV: 'production',
      PUBLIC_URL: '',
      REDIS_URL: '',
      SESSION_JWT_SECRET: '',
      MOBILE_JWT_SECRET: '',
    });
    expect(() => loadConfig(production)).toThrow(/SESSION_JWT_SECRET/);
  });
});
