/** Why a session token was refused; map each to your own answer (all are "not signed in" but `unavailable`). */
export type SessionTokenErrorCode =
  /** Not a JWT of the expected type (`typ: qr-session+jwt`), or a required claim (`sub`, `exp`, `jti`) is missing. */
  | 'malformed'
  /** Signed with an algorithm outside the allowed ones (never `none` or HS256). */
  | 'wrong_algorithm'
  /** Its key is not (or no longer) in the service's key set, or the signature does not verify. */
  | 'bad_signature'
  /** Its `iss` is not the service's. */
  | 'wrong_issuer'
  /** Its `aud` is not this site. */
  | 'wrong_audience'
  /** Past its `exp`. */
  | 'expired'
  /** This token was already taken once: a copied token does not open a second session. */
  | 'already_used'
  /** Its session was ended (on the phone, or by the service's per-user limit). */
  | 'revoked'
  /** The service's keys or its introspection could not be reached: neither accepted nor refused, try again. */
  | 'unavailable';

export class SessionTokenError extends Error {
  override readonly name = 'SessionTokenError';

  constructor(
    readonly code: SessionTokenErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Why a revocation webhook delivery was refused. */
export type RevocationWebhookErrorCode =
  /** No signature, a malformed one, or one that is not over this body with the shared secret. */
  | 'bad_signature'
  /** Signed too long ago (or too far ahead): a replayed delivery. */
  | 'stale_signature'
  /** Signed, but not a `sessions.ended` announcement. */
  | 'not_a_revocation';

export class RevocationWebhookError extends Error {
  override readonly name = 'RevocationWebhookError';

  constructor(
    readonly code: RevocationWebhookErrorCode,
    message: string,
  ) {
    super(message);
  }
}
