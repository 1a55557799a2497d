/**
 * Importing this module defines `<qr-login>`: the file the service serves at `/sdk/qr-login-element.js` and the
 * package's `@qr-login/browser/element`. It also exports what `@qr-login/browser` does.
 */
import { defineQrLoginElement } from './qr-login-element';

export * from '../index';

defineQrLoginElement();
