import { ar } from './ar';
import type { Catalogue } from './catalogue';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { ja } from './ja';
import { pt } from './pt';
import { zhCN } from './zh-CN';

export type { Catalogue, MessageId, Messages } from './catalogue';

/** The languages the element speaks. Adding one: a file beside en.ts, and its name in this list. */
const CATALOGUES: readonly Catalogue[] = [en, de, fr, es, pt, zhCN, ja, ar];

/**
 * The first catalogue matching the preferred languages (an exact tag, then the language alone: `pt-BR` gets `pt`,
 * `zh` and `zh-SG` get `zh-CN`), else English.
 */
export function pickCatalogue(preferred: readonly string[]): Catalogue {
  for (const wanted of preferred) {
    const tag = wanted.toLowerCase();
    const found =
      CATALOGUES.find((catalogue) => catalogue.lang.toLowerCase() === tag) ??
      CATALOGUES.find((catalogue) => primary(catalogue.lang) === primary(tag));
    if (found) return found;
  }
  return en;
}

/** The language without its region or script: `zh-CN` → `zh`. */
function primary(tag: string): string {
  return tag.toLowerCase().split('-')[0]!;
}

/** A message with its `{placeholders}` filled in. */
export function formatMessage(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
