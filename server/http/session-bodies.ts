import type { Session, UserEvent } from '../domain';
import type { Introspection } from '../service/session-service';
import type { IntrospectionBody, SessionBody, UserEventBody } from '../wire';

/** Sessions, events and introspection answers as the wire has them (ISO times, RFC 7662 names). */

export function toSessionBody(session: Session): SessionBody {
  const body: SessionBody = {
    id: session.id,
    createdAt: new Date(session.createdAt).toISOString(),
    expiresAt: new Date(session.expiresAt).toISOString(),
    ip: session.ip,
    site: session.site,
  };
  if (session.browser) body.browser = session.browser;
  if (session.os) body.os = session.os;
  return body;
}

export function toEventBody({ at, ...event }: UserEvent): UserEventBody {
  return { ...event, at: new Date(at).toISOString() };
}

export function toIntrospectionBody(introspection: Introspection): IntrospectionBody {
  if (!introspection.active) return { active: false };
  const { sub, jti, iat, exp, iss, aud } = introspection.claims;
  const body: IntrospectionBody = { active: true, token_type: 'Bearer', sub, jti, iat, exp };
  if (iss !== undefined) body.iss = iss;
  if (aud !== undefined) body.aud = aud;
  return body;
}
