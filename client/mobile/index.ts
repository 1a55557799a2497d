export { QrLoginMobile, type QrLoginMobileOptions } from './qr-login-mobile';
export { InvalidQrContentError, baseUrlOfQrContent, isQrLoginId, parseQrContent } from './qr-content';
export { describeBrowser, describeRequester, formatAge, type RequesterSummary } from './describe-requester';
export { QrLoginApiError, QrLoginNetworkError } from '../shared/errors';
export type * from '../shared/wire-types';
