export {
  RevocationWebhookError,
  type RevocationWebhookErrorCode,
  SessionTokenError,
  type SessionTokenErrorCode,
} from './errors';
export type { IntrospectionClient } from './introspection';
export {
  createSessionVerifier,
  DEFAULT_KEY_CACHE_MAX_AGE_MS,
  type EndedSession,
  type SessionAlgorithm,
  type SessionVerifier,
  type SessionVerifierOptions,
  type VerifiedSession,
} from './session-verifier';
export { MemoryTokenIdStore, type TokenIdStore } from './token-id-store';
export {
  checkWebhookSignature,
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  type SignatureVerdict,
} from './webhook-signature';
