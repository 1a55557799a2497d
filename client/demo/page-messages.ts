import type { DemoMessageId, DemoMessages } from '../../server/http/demo-messages';
import { format } from '../../server/http/page-messages/catalogue';

/** The page's language, as the service chose it from the browser's (server/http/demo-page.ts). */
export const pageLanguage = document.documentElement.lang || 'en';

/** The catalogue the service wrote into the page, in its language. */
const messages = JSON.parse(document.body.dataset.messages ?? '{}') as DemoMessages;

/** A message of the page's language, its `{placeholders}` filled in. */
export function say(id: DemoMessageId, values: Record<string, string> = {}): string {
  return format(messages[id], values);
}
