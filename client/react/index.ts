export { QrLogin, type QrLoginProps } from './qr-login-component';
export { type QrLoginView, type UseQrLoginOptions, useQrLogin } from './use-qr-login';
