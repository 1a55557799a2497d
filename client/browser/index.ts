export { QrLoginApiError, QrLoginError, type QrLoginErrorCode, QrLoginNetworkError } from '../shared/errors';
export type { RateLimitStanding } from '../shared/rate-limit';
export type * from '../shared/wire-types';
export type { Catalogue, MessageId, Messages } from './element/messages';
export {
  defineQrLoginElement,
  QR_LOGIN_TAG,
  QrLoginElement,
  type QrLoginElementEventMap,
} from './element/qr-login-element';
export { createQrLogin, QrLogin } from './qr-login';
export type { QrCode, QrImageFormat, QrLoginEvents, QrLoginOptions } from './qr-login-options';
export { isNewerStatus } from './state-order';
export type { Transport } from './status-watcher';
