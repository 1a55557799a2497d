import { createHash, timingSafeEqual } from 'node:crypto';

export interface ClientCredentials {
  id: string;
  secret: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** `Authorization: Basic` as RFC 6749 §2.3.1 has it: id and secret each form-urlencoded, joined by a colon. */
function basicCredentials(authorization: string | undefined): ClientCredentials | undefined {
  const encoded = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(authorization ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const formDecode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/**
 * Checks a relying service's client credentials against the configured ones. Both the id and the secret are
 * compared as SHA-256 digests in constant time, both always, so timing tells neither which nor how much matched.
 */
export function clientAuthenticator(expected: ClientCredentials): (authorization: string | undefined) => boolean {
  const id = digest(expected.id);
  const secret = digest(expected.secret);
  return (authorization) => {
    const given = basicCredentials(authorization);
    if (!given) return false;
    const idMatches = timingSafeEqual(digest(given.id), id);
    const secretMatches = timingSafeEqual(digest(given.secret), secret);
    return idMatches && secretMatches;
  };
}
