import type { DemoCatalogue } from './demo-messages';
import { escapeHtml } from './html-page';

/**
 * A demo page's HTML in one language. The template says `{{lang}}` and `{{dir}}`, `{{id}}` for each message it
 * shows, and `{{messages}}` in the attribute where the page's script finds the language's catalogue (JSON, so
 * nothing inline runs and the Content-Security-Policy holds). A placeholder in a shown message, `{userName}`,
 * becomes the empty `<span id="user-name">` the script writes the value into.
 */
export function renderDemoPage(template: string, { lang, dir, messages }: DemoCatalogue): string {
  const json = escapeHtml(JSON.stringify(messages));
  return template.replace(/\{\{(\w+)\}\}/g, (marker, id: string) => {
    if (id === 'lang') return lang;
    if (id === 'dir') return dir;
    if (id === 'messages') return json;
    if (!Object.hasOwn(messages, id)) throw new Error(`The demo page names an unknown message: ${marker}`);
    return escapeHtml(messages[id as keyof typeof messages]).replace(
      /\{(\w+)\}/g,
      (_, slot: string) => `<span id="${slot.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}"></span>`,
    );
  });
}
