export { QrLoginApiError, QrLoginError, type QrLoginErrorCode, QrLoginNetworkError } from '../shared/errors';
export type { RateLimitStanding } from '../shared/rate-limit';
export type * from '../shared/wire-types';
export { describeBrowser, describeRequester, formatAge, type RequesterSummary } from './describe-requester';
export {
  baseUrlOfQrContent,
  InvalidQrContentError,
  isQrLoginId,
  parseQr,
  parseQrContent,
  type ScannedQr,
} from './qr-content';
export { QrLoginMobile, type QrLoginMobileOptions } from './qr-login-mobile';
export { type SignInRequest, toSignInRequest } from './sign-in-request';
