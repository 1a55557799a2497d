/**
 * The words of the service's own pages in each language it speaks, chosen by the browser's Accept-Language;
 * English when it asks for none of them. A site replaces any message in any language (PAGE_MESSAGES).
 */
import { z } from 'zod';
import { ar } from './ar';
import type { Catalogue, Messages } from './catalogue';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { ja } from './ja';
import { pt } from './pt';
import { zhCN } from './zh-CN';

export { type Catalogue, format, type MessageId, type Messages } from './catalogue';

export const PAGE_LANGUAGES: readonly Catalogue[] = [en, de, fr, es, pt, zhCN, ja, ar];

/** A site's own words: per language tag, any messages to use instead of the service's; nothing else. */
export const messageOverrides = z.partialRecord(
  z.enum(PAGE_LANGUAGES.map((catalogue) => catalogue.lang) as [string, ...string[]]),
  z.strictObject(
    Object.fromEntries(Object.keys(en.messages).map((id) => [id, z.string().min(1).max(1000).optional()])) as Record<
      keyof Messages,
      z.ZodOptional<z.ZodString>
    >,
  ),
);
export type MessageOverrides = z.output<typeof messageOverrides>;

/** The catalogues with a site's overrides laid over them. */
export function pageCatalogues(overrides: MessageOverrides = {}): Map<string, Catalogue> {
  return new Map(
    PAGE_LANGUAGES.map((catalogue) => [
      catalogue.lang,
      { ...catalogue, messages: { ...catalogue.messages, ...overrides[catalogue.lang] } },
    ]),
  );
}

/** A site's overrides as read from its file: refused with the first wrong entry named (`fr.homeTitel: …`). */
export function parseMessageOverrides(json: unknown): MessageOverrides {
  const parsed = messageOverrides.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(`${issue.path.join('.') || 'the file'}: ${issue.message}`);
}
