/**
 * What each setting is for, in words for the person deploying the service: the source of docs/configuration.md,
 * .env.example and .env.production.example (`npm run docs:config` writes them; a unit test keeps them equal).
 * Defaults are not written here: the generator reads them from the settings' own schemas (settings.ts).
 * Every setting needs an entry (tsc refuses one without), so a new variable cannot go undocumented.
 */
import type { Setting } from '../settings';
import { ESSENTIAL_SETTINGS } from './essentials';
import type { SettingDocs } from './groups';
import { LIMIT_SETTINGS } from './limits';
import { OPERATIONS_SETTINGS } from './operations';

export { CONFIGURATION_GROUPS, type ConfigurationGroup, type SettingDocs } from './groups';

export const SETTING_DOCS: Record<Setting, SettingDocs> = {
  ...ESSENTIAL_SETTINGS,
  ...OPERATIONS_SETTINGS,
  ...LIMIT_SETTINGS,
};
