export { QrLoginApiError, QrLoginError, type QrLoginErrorCode, QrLoginNetworkError } from '../shared/errors';
export type * from '../shared/wire-types';
export { createQrLogin, type QrCode, QrLogin, type QrLoginEvents, type QrLoginOptions } from './qr-login';
export { isNewerStatus } from './state-order';
export type { Transport } from './status-watcher';
