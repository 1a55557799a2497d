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
  });

  it('fills placeholders and leaves unknown ones visible rather than blank', () => {
    expect(formatMessage(en.messages.pickCode, { checkCode: '52' })).toBe('Pick 52 on your phone');
    expect(formatMessage('Hello {who}', {})).toBe('Hello {who}');
  });

  it('words every message without internal codes', () => {
    for (const text of Object.values(en.messages)) {
      expect(text).not.toMatch(/\b(qr_replaced|check_code|CORS|4\d\d|5\d\d)\b/);
      expect(text.trim()).not.toBe('');
    }
  });
});
