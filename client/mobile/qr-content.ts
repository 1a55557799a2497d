const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const SCAN_PATH = /^(.*)\/scan\/([^/]+)(?:\/([^/]+))?$/;
/** The rotation mark a rotating QR adds after the id: `<step>.<tag>` (server/domain/rotation.ts). */
const ROTATION_MARK = /^\d{1,9}\.[A-Za-z0-9_-]{16}$/;
/** The code under the QR, once spaces and dashes are gone: 8 letters (the service says which letters it uses). */
const USER_CODE = /^[A-Z]{8}$/;

/** What a QR login code says: the login id, and the rotation mark when the service rotates its codes. */
export interface ScannedQr {
  id: string;
  rotation?: string;
}

/** The scanned text is not a QR login of this service. */
export class InvalidQrContentError extends Error {
  override readonly name = 'InvalidQrContentError';
}

export function isQrLoginId(value: string): boolean {
  return UUID_V4.test(value);
}

/**
 * Returns the QR login id inside `content` and drops its rotation mark.
 * @deprecated A service that rotates its QR codes (the default) refuses a scan without the mark (`qr_replaced`):
 * use `QrLoginMobile.claim(content)`, or `parseQr`, which keeps the mark.
 */
export function parseQrContent(content: string, baseUrl: string): string {
  return parseQr(content, baseUrl).id;
}

/**
 * The login id and rotation mark inside `content`, which must be exactly `${baseUrl}/scan/<uuid v4>`, optionally
 * followed by `/<rotation mark>`. Anything else (another host, a lookalike path, query strings) is refused, so the
 * app never sends its user's token to a service it does not know.
 */
export function parseQr(content: string, baseUrl: string): ScannedQr {
  const scanned = parseUrl(content.trim());
  const service = parseUrl(baseUrl);
  if (!scanned || !service) throw new InvalidQrContentError('The QR code does not contain a web address.');

  const match = SCAN_PATH.exec(scanned.pathname);
  const belongsHere =
    scanned.origin === service.origin &&
    scanned.search === '' &&
    scanned.hash === '' &&
    match !== null &&
    match[1] === trimSlashes(service.pathname);
  if (!belongsHere || !match) throw new InvalidQrContentError('The QR code is not a login code of this service.');

  const id = match[2] ?? '';
  if (!isQrLoginId(id)) throw new InvalidQrContentError('The QR code does not carry a valid login id.');
  const rotation = match[3];
  if (rotation === undefined) return { id: id.toLowerCase() };
  if (!ROTATION_MARK.test(rotation)) throw new InvalidQrContentError('The QR code carries a malformed rotation mark.');
  return { id: id.toLowerCase(), rotation };
}

/**
 * What the user gave the app: a login QR's text, or the code shown under the QR typed by hand (`XXXX-XXXX`, any
 * case, spaces and dashes ignored). Throws `InvalidQrContentError` for anything else, before any request.
 */
export function readSignInInput(input: string, baseUrl: string): ScannedQr | { userCode: string } {
  const text = input.trim();
  if (text.includes(':')) return parseQr(text, baseUrl);
  const userCode = text.replace(/[\s-]/g, '').toUpperCase();
  if (!USER_CODE.test(userCode)) {
    throw new InvalidQrContentError('This is neither a login code of this service nor a code typed from under one.');
  }
  return { userCode: `${userCode.slice(0, 4)}-${userCode.slice(4)}` };
}

/** The service's base URL a QR content points at; the phone simulator uses it when no base URL is given. */
export function baseUrlOfQrContent(content: string): string {
  const scanned = parseUrl(content.trim());
  const match = scanned ? SCAN_PATH.exec(scanned.pathname) : null;
  if (!scanned || !match) throw new InvalidQrContentError('The QR code is not a login code (expected …/scan/<id>).');
  return scanned.origin + (match[1] ?? '');
}

function parseUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function trimSlashes(pathname: string): string {
  return pathname.replace(/\/+$/, '');
}
