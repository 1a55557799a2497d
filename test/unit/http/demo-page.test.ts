import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_LANGUAGES } from '../../../server/http/demo-messages';
import { en } from '../../../server/http/demo-messages/en';
import { renderDemoPage } from '../../../server/http/demo-page';

const template = (name: string) => readFileSync(join(__dirname, '../../../client/demo', name), 'utf8');
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

describe('the demo pages in each language', () => {
  it('every language names every message with the placeholders English has', () => {
    for (const { lang, messages } of DEMO_LANGUAGES) {
      expect({ lang, ids: Object.keys(messages).sort() }).toEqual({ lang, ids: Object.keys(en.messages).sort() });
      for (const [id, text] of Object.entries(messages)) {
        expect({ lang, id, placeholders: placeholders(text) }).toEqual({
          lang,
          id,
          placeholders: placeholders(en.messages[id as keyof typeof en.messages]),
        });
      }
    }
  });

  it.each(['index.html', 'phone.html'])(
    '%s: every marker filled, words escaped, the catalogue handed to the script',
    (name) => {
      for (const catalogue of DEMO_LANGUAGES) {
        const page = renderDemoPage(template(name), catalogue);
        expect(page).toContain(`<html lang="${catalogue.lang}" dir="${catalogue.dir}">`);
        expect(page).not.toMatch(/\{\{\w+\}\}/);
        const json = page.match(/data-messages="([^"]*)"/)?.[1] ?? '';
        const decoded = json.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
        expect(JSON.parse(decoded)).toEqual(catalogue.messages);
      }
    },
  );

  it('a placeholder in a shown message becomes the element the script fills; markup in a message stays text', () => {
    const catalogue = {
      lang: 'en',
      dir: 'ltr' as const,
      messages: { ...en.messages, welcome: '<b>Hi</b> {userName}' },
    };
    expect(renderDemoPage('<h1>{{welcome}}</h1>', catalogue)).toBe(
      '<h1>&#60;b&#62;Hi&#60;/b&#62; <span id="user-name"></span></h1>',
    );
    expect(() => renderDemoPage('{{nonesuch}}', catalogue)).toThrow('{{nonesuch}}');
  });
});
