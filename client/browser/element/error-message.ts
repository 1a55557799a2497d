import { QrLoginApiError, QrLoginNetworkError } from '../../shared/errors';
import type { MessageId } from './messages';

/** What to tell a person about a failure, in words they can act on (no codes, no internals). */
export function errorMessageId(error: Error): MessageId {
  if (error instanceof QrLoginNetworkError) {
    if (error.reason === 'cors') return 'corsError';
    return error.code === 'timeout' ? 'timeoutError' : 'networkError';
  }
  if (error instanceof QrLoginApiError) {
    if (['rate_limited', 'slow_down', 'unavailable'].includes(error.code)) return 'busyError';
  }
  return 'failedError';
}
