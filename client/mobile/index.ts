export { QrLoginApiError, QrLoginNetworkError } from '../shared/errors';
export type * from '../shared/wire-types';
export { describeBrowser, describeRequester, formatAge, type RequesterSummary } from './describe-requester';
export { baseUrlOfQrContent, InvalidQrContentError, isQrLoginId, parseQrContent } from './qr-content';
export { QrLoginMobile, type QrLoginMobileOptions } from './qr-login-mobile';
