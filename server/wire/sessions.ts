/** The bodies of the session, audit and introspection endpoints (docs/api.md, "Sessions"). */
/**
 * The contract's names for audit events and for why a session ended. The domain has the same lists; http maps
 * one to the other, so a kind added on one side and not the other fails to compile.
 */
type UserEventType = 'scanned' | 'confirmed' | 'denied' | 'wrong_check_code' | 'signed_in' | 'session_ended';
type SessionEndReason = 'revoked' | 'limit';

/** A live browser session that a QR login started, as its user sees it. */
export interface SessionBody {
  /** The session token's `jti`. */
  id: string;
  createdAt: string;
  expiresAt: string;
  ip: string;
  browser?: string;
  os?: string;
  site: string;
}

export interface SessionListBody {
  sessions: SessionBody[];
}

export interface SessionsEndedBody {
  ended: number;
}

export interface UserEventBody {
  type: UserEventType;
  at: string;
  loginId?: string;
  sessionId?: string;
  ip?: string;
  reason?: string;
}

export interface UserEventsBody {
  events: UserEventBody[];
}

/** RFC 7662 §2.2: only `active` for a token that is not (or no longer) good; the claims when it is. */
export type IntrospectionBody =
  | { active: false }
  | {
      active: true;
      token_type: 'Bearer';
      sub: string;
      jti: string;
      iat: number;
      exp: number;
      iss?: string;
      aud?: string | string[];
    };

/**
 * The body POSTed to `REVOCATION_WEBHOOK_URL` when sessions end, signed in the `X-QR-Login-Signature` header.
 * `id` is the same on every retry of one delivery, so a receiver can drop repeats.
 */
export interface SessionsEndedEvent {
  type: 'sessions.ended';
  id: string;
  occurredAt: string;
  sessions: Array<{ sub: string; jti: string; exp: number; reason: SessionEndReason }>;
}
