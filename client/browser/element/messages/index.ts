import type { Catalogue } from './catalogue';
import { en } from './en';

export type { Catalogue, MessageId, Messages } from './catalogue';

/** The languages the element speaks. Adding one: a file beside en.ts, and its name in this list. */
const CATALOGUES: readonly Catalogue[] = [en];

/**
 * The first catalogue matching the preferred languages (an exact tag, then the language alone: `pt-BR`, then
 * `pt`), else English.
 */
export function pickCatalogue(preferred: readonly string[]): Catalogue {
  for (const wanted of preferred) {
    const tag = wanted.toLowerCase();
    const found =
      CATALOGUES.find((catalogue) => catalogue.lang.toLowerCase() === tag) ??
      CATALOGUES.find((catalogue) => catalogue.lang.toLowerCase() === tag.split('-')[0]);
    if (found) return found;
  }
  return en;
}

/** A message with its `{placeholders}` filled in. */
export function formatMessage(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
