import { formatMessage, pickCatalogue } from '../../../client/browser/element/messages';
import { en } from '../../../client/browser/element/messages/en';

describe("the <qr-login> element's message catalogue", () => {
  it('speaks English when none of the preferred languages is there, and reads left to right', () => {
    expect(pickCatalogue(['xx-YY', 'zz'])).toBe(en);
    expect(pickCatalogue([])).toBe(en);
    expect(en.dir).toBe('ltr');
  });

  it('matches a regional tag by its language, in any case', () => {
    expect(pickCatalogue(['EN-gb'])).toBe(en);
    expect(pickCatalogue(['pt-BR']).lang).toBe('pt');
    expect(pickCatalogue(['zh', 'en']).lang).toBe('zh-CN');
    expect(pickCatalogue(['ko', 'ar-EG']).dir).toBe('rtl');
  });

  it('fills placeholders and leaves unknown ones visible rather than blank', () => {
    expect(formatMessage(en.messages.pickCode, { checkCode: '52' })).toBe('Pick 52 on your phone');
    expect(formatMessage('Hello {who}', {})).toBe('Hello {who}');
  });

  it('words every message of every language without internal codes, keeping the placeholders English has', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const lang of ['en', 'de', 'fr', 'es', 'pt', 'zh-CN', 'ja', 'ar']) {
      const catalogue = pickCatalogue([lang]);
      expect(catalogue.lang).toBe(lang);
      for (const [id, text] of Object.entries(catalogue.messages)) {
        expect({ lang, id, placeholders: placeholders(text) }).toEqual({
          lang,
          id,
          placeholders: placeholders(en.messages[id as keyof typeof en.messages]),
        });
        expect(text).not.toMatch(/\b(qr_replaced|check_code|CORS|4\d\d|5\d\d)\b/);
        expect(text.trim()).not.toBe('');
      }
    }
  });
});
