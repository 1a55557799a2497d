/**
 * docs/configuration.md, .env.example and .env.production.example, written from the settings (their defaults,
 * read from server/config/settings.ts) and what server/config/docs/ says of each. `npm run docs:config` writes
 * them; a unit test keeps them equal to what this makes now.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIGURATION_GROUPS, type ConfigurationGroup, SETTING_DOCS } from '../../server/config/docs';
import { environmentName, type Setting, settings } from '../../server/config/settings';

const ROOT = path.resolve(__dirname, '../..');

export const CONFIGURATION_FILES = {
  docs: path.join(ROOT, 'docs/configuration.md'),
  development: path.join(ROOT, '.env.example'),
  production: path.join(ROOT, '.env.production.example'),
};

const GENERATED =
  'Generated from server/config/settings.ts and server/config/docs/ by `npm run docs:config`: do not edit.';

/** The settings of one group, in the order server/config/docs lists them. */
function settingsOf(group: ConfigurationGroup): Setting[] {
  return (Object.keys(SETTING_DOCS) as Setting[]).filter((setting) => SETTING_DOCS[setting].group === group);
}

/** The default as the environment would spell it, or undefined where unset means something a value cannot say. */
function defaultValue(setting: Setting): string | undefined {
  // Settings read nothing but their variable, so reading none gives the default.
  const value: unknown = settings[setting].parse(undefined);
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}

function describeDefault(setting: Setting): string {
  const value = defaultValue(setting);
  if (setting === 'workers') return '`1` (`auto`: one per core)';
  if (value !== undefined) return `\`${value}\``;
  return SETTING_DOCS[setting].unset ?? 'unset';
}

function markdownSection(group: ConfigurationGroup): string {
  const { title, about } = CONFIGURATION_GROUPS[group];
  const entries = settingsOf(group).map((setting) => {
    const { does, example, protects } = SETTING_DOCS[setting];
    const variable = environmentName(setting);
    return [
      `### \`${variable}\``,
      '',
      does,
      '',
      `- Default: ${describeDefault(setting)}`,
      `- Example: \`${variable}=${example}\``,
      ...(protects ? [`- Protects: ${protects}`] : []),
      '',
    ].join('\n');
  });
  return `## ${title}\n\n${about}\n\n${entries.join('\n')}`;
}

const anchor = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

export function configurationMarkdown(): string {
  const groups = Object.keys(CONFIGURATION_GROUPS) as ConfigurationGroup[];
  const contents = groups.map((group) => {
    const { title } = CONFIGURATION_GROUPS[group];
    const names = settingsOf(group).map((setting) => `\`${environmentName(setting)}\``);
    return `- [${title}](#${anchor(title)}): ${names.join(', ')}`;
  });
  return `${[
    '# Configuration',
    '',
    `<!-- ${GENERATED} -->`,
    '',
    'The service reads environment variables once, at start. `npm start` also reads a `.env` file in the working',
    'directory when there is one: copy [.env.example](../.env.example) for development or',
    '[.env.production.example](../.env.production.example) for production; a variable set in the environment wins',
    'over the file. An empty variable counts as unset. PEM keys may be written on one line with `\\n` for newlines.',
    '',
    'Development needs none of them. A start with bad settings names every problem at once and exits with status 2.',
    '',
    ...contents,
    '',
    ...groups.map(markdownSection),
  ].join('\n')}`;
}

/** `# ` comment lines of at most 110 characters. */
function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.replace(/`/g, '').split(/\s+/)) {
    if (line.length + word.length + 1 > 110) {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

/** One setting in an env file: what it does, then the variable, set (`VAR=`, left empty) or commented out. */
function envEntry(setting: Setting, set: boolean): string {
  const { does, example } = SETTING_DOCS[setting];
  const variable = environmentName(setting);
  const value = defaultValue(setting);
  const about = comment(`${does} Default: ${value ?? SETTING_DOCS[setting].unset ?? 'unset'}.`);
  return [...about, set ? `${variable}=` : `# ${variable}=${example}`, ''].join('\n');
}

function envFile(heading: string[], requiredSet: boolean, groups: ConfigurationGroup[]): string {
  const sections = groups.map((group) => {
    const { title } = CONFIGURATION_GROUPS[group];
    const entries = settingsOf(group).map((setting) => envEntry(setting, requiredSet && group === 'required'));
    return [`# --- ${title} ---`, '', ...entries].join('\n');
  });
  return [`# ${GENERATED}`, ...heading.map((line) => `# ${line}`), '', ...sections].join('\n');
}

export function developmentEnvExample(): string {
  return envFile(
    [
      'Copy to .env: `npm start` reads it. Development needs none of these; each is shown with an example value.',
      'Every variable: docs/configuration.md.',
    ],
    false,
    ['common', 'relay', 'required'],
  );
}

export function productionEnvExample(): string {
  const production = envFile(
    [
      'A production start: fill in every variable left empty (the start is refused, naming each, until they are).',
      'The others are commented out with an example value. Every variable: docs/configuration.md.',
    ],
    true,
    ['required', 'common', 'relay', 'scale', 'idp'],
  );
  // NODE_ENV is the one required setting with a value every production start gives.
  return production.replace(/^NODE_ENV=$/m, 'NODE_ENV=production');
}

export function configurationFiles(): Record<keyof typeof CONFIGURATION_FILES, string> {
  return { docs: configurationMarkdown(), development: developmentEnvExample(), production: productionEnvExample() };
}

if (require.main === module) {
  for (const [file, text] of Object.entries(configurationFiles())) {
    writeFileSync(CONFIGURATION_FILES[file as keyof typeof CONFIGURATION_FILES], text);
  }
}
