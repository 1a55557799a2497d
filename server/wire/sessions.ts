/** The bodies of the session, audit and introspection endpoints (docs/api.md, "Sessions"), as schemas. */
import { z } from 'zod';
import { isoTime, loginId } from './formats';

/**
 * The contract's names for audit events and for why a session ended. The domain has the same lists; http maps
 * one to the other, so a kind added on one side and not the other fails to compile.
 */
const userEventType = z
  .enum(['scanned', 'confirmed', 'denied', 'wrong_check_code', 'signed_in', 'session_ended'])
  .meta({ id: 'UserEventType' });
const sessionEndReason = z.enum(['revoked', 'limit']).meta({ id: 'SessionEndReason' });

/** A live browser session that a QR login started, as its user sees it. */
export const sessionBody = z
  .object({
    id: loginId.meta({ description: "The session token's `jti`." }),
    createdAt: isoTime,
    expiresAt: isoTime,
    ip: z.string(),
    browser: z.string().optional(),
    os: z.string().optional(),
    site: z.string().meta({ description: "The exchange's Origin, or the service's own." }),
  })
  .meta({ id: 'SessionBody' });
export type SessionBody = z.infer<typeof sessionBody>;

export const sessionListBody = z.object({ sessions: z.array(sessionBody) }).meta({ id: 'SessionListBody' });
export type SessionListBody = z.infer<typeof sessionListBody>;

export const sessionsEndedBody = z.object({ ended: z.int().nonnegative() }).meta({ id: 'SessionsEndedBody' });
export type SessionsEndedBody = z.infer<typeof sessionsEndedBody>;

export const userEventBody = z
  .object({
    type: userEventType,
    at: isoTime,
    loginId: z.string().optional(),
    sessionId: z.string().optional(),
    ip: z.string().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: 'UserEventBody' });
export type UserEventBody = z.infer<typeof userEventBody>;

export const userEventsBody = z.object({ events: z.array(userEventBody) }).meta({ id: 'UserEventsBody' });
export type UserEventsBody = z.infer<typeof userEventsBody>;

/** `GET /api/audit?limit=`: how many events, newest first. */
export const auditLimit = z
  .string()
  .regex(/^\d{1,3}$/)
  .transform(Number)
  .pipe(z.int().min(1).max(100))
  .meta({ description: 'How many events, 1 to 100 (default 50).' });

/** RFC 7662 §2.1: the form (or JSON) body of `POST /api/session/introspect`. */
export const introspectionRequest = z
  .object({
    token: z.string().min(1).meta({ description: 'The session token.' }),
    token_type_hint: z.string().optional().meta({ description: 'Accepted and ignored.' }),
  })
  .meta({ id: 'IntrospectionRequest' });

/** RFC 7662 §2.2: only `active` for a token that is not (or no longer) good; the claims when it is. */
export const introspectionBody = z
  .discriminatedUnion('active', [
    z.object({ active: z.literal(false) }),
    z.object({
      active: z.literal(true),
      token_type: z.literal('Bearer'),
      sub: z.string(),
      jti: z.string(),
      iat: z.int(),
      exp: z.int(),
      iss: z.string().optional(),
      aud: z.union([z.string(), z.array(z.string())]).optional(),
    }),
  ])
  .meta({ id: 'IntrospectionBody' });
export type IntrospectionBody = z.infer<typeof introspectionBody>;

/**
 * The body POSTed to `REVOCATION_WEBHOOK_URL` when sessions end, signed in the `X-QR-Login-Signature` header.
 * `id` is the same on every retry of one delivery, so a receiver can drop repeats.
 */
export const sessionsEndedEvent = z
  .object({
    type: z.literal('sessions.ended'),
    id: z.string(),
    occurredAt: isoTime,
    sessions: z.array(z.object({ sub: z.string(), jti: z.string(), exp: z.int(), reason: sessionEndReason })),
  })
  .meta({ id: 'SessionsEndedEvent' });
export type SessionsEndedEvent = z.infer<typeof sessionsEndedEvent>;
