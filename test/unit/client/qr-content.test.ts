import { baseUrlOfQrContent, InvalidQrContentError, parseQrContent } from '../../../client/mobile/index';
import { readSignInInput } from '../../../client/mobile/qr-content';

const ID = '3b241101-e2bb-4255-8caf-4136c566a962';

describe('parseQrContent: a scanned QR belongs to this service or is refused', () => {
  it.each([
    ['the plain form', `https://login.example.com/scan/${ID}`, 'https://login.example.com'],
    ['a trailing slash on the base URL', `https://login.example.com/scan/${ID}`, 'https://login.example.com/'],
    ['a base URL with a path', `https://example.com/auth/scan/${ID}`, 'https://example.com/auth'],
    ['a default port written out', `https://login.example.com:443/scan/${ID}`, 'https://login.example.com'],
    ['an upper-case host', `https://LOGIN.example.com/scan/${ID}`, 'https://login.example.com'],
    ['surrounding whitespace', ` https://login.example.com/scan/${ID}\n`, 'https://login.example.com'],
  ])('accepts %s', (_name, content, baseUrl) => {
    expect(parseQrContent(content, baseUrl)).toBe(ID);
  });

  it('returns the id in lower case', () => {
    expect(parseQrContent(`https://login.example.com/scan/${ID.toUpperCase()}`, 'https://login.example.com')).toBe(ID);
  });

  it.each([
    ['another host', `https://evil.example.net/scan/${ID}`],
    ['a lookalike host', `https://login.example.com.evil.net/scan/${ID}`],
    ['user info pointing elsewhere', `https://login.example.com@evil.net/scan/${ID}`],
    ['another scheme', `http://login.example.com/scan/${ID}`],
    ['another port', `https://login.example.com:8443/scan/${ID}`],
    ['a longer path', `https://login.example.com/x/scan/${ID}`],
    ['a query string', `https://login.example.com/scan/${ID}?next=/`],
    ['a fragment', `https://login.example.com/scan/${ID}#x`],
    ['a trailing segment', `https://login.example.com/scan/${ID}/confirm`],
    ['a UUID that is not v4', 'https://login.example.com/scan/3b241101-e2bb-1255-8caf-4136c566a962'],
    ['an id that is not a UUID', 'https://login.example.com/scan/..%2Fapi'],
    ['plain text', ID],
    ['a javascript: URL', 'javascript:alert(1)'],
  ])('refuses %s', (_name, content) => {
    expect(() => parseQrContent(content, 'https://login.example.com')).toThrow(InvalidQrContentError);
  });
});

describe('baseUrlOfQrContent: where a QR points, for the phone simulator', () => {
  it('is everything before /scan/<id>', () => {
    expect(baseUrlOfQrContent(`http://192.168.1.20:3000/scan/${ID}`)).toBe('http://192.168.1.20:3000');
    expect(baseUrlOfQrContent(`https://example.com/auth/scan/${ID}`)).toBe('https://example.com/auth');
  });

  it('refuses content that is not a login code', () => {
    expect(() => baseUrlOfQrContent('https://example.com/')).toThrow(InvalidQrContentError);
  });
});

describe('readSignInInput: the QR’s text or a typed user code, nothing else', () => {
  const BASE = 'https://login.example.com';

  it('keeps the rotation mark of a QR', () => {
    const mark = '3.abcdefghijklmnop';
    expect(readSignInInput(`${BASE}/scan/${ID}/${mark}`, BASE)).toEqual({ id: ID, rotation: mark });
  });

  it.each(['BCDF-GHJK', 'bcdfghjk', ' bcdf ghjk ', 'Bcdf-Ghjk'])('reads %j as the code BCDF-GHJK', (typed) => {
    expect(readSignInInput(typed, BASE)).toEqual({ userCode: 'BCDF-GHJK' });
  });

  it.each(['BCDF-GHJ', 'BCDF-GHJK-L', '1234-5678', '', `https://evil.example/scan/${ID}`])('refuses %j', (input) => {
    expect(() => readSignInInput(input, BASE)).toThrow(InvalidQrContentError);
  });
});
