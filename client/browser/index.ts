export { QrLogin, createQrLogin, type QrCode, type QrLoginEvents, type QrLoginOptions } from './qr-login';
export type { Transport } from './status-watcher';
export { isNewerStatus } from './state-order';
export { QrLoginApiError, QrLoginNetworkError } from '../shared/errors';
export type * from '../shared/wire-types';
