export { QrLoginApiError, QrLoginError, type QrLoginErrorCode, QrLoginNetworkError } from '../shared/errors';
export type { RateLimitStanding } from '../shared/rate-limit';
export type * from '../shared/wire-types';
export { createQrLogin, QrLogin } from './qr-login';
export type { QrCode, QrLoginEvents, QrLoginOptions } from './qr-login-options';
export { isNewerStatus } from './state-order';
export type { Transport } from './status-watcher';
