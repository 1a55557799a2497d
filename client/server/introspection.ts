import { SessionTokenError } from './errors';

/** The client the service knows (its INTROSPECTION_CLIENT_ID and INTROSPECTION_CLIENT_SECRET). */
export interface IntrospectionClient {
  clientId: string;
  clientSecret: string;
  /** Default `<serviceUrl>/api/session/introspect`. */
  url?: string;
}

/**
 * Asks the service (RFC 7662) whether a session token is still active: its session recorded and not ended.
 * Anything but a well-formed `200` is `unavailable`: the token is then neither accepted nor refused.
 */
export async function isTokenActive(
  url: string,
  client: IntrospectionClient,
  token: string,
  timeoutMs: number,
): Promise<boolean> {
  const credentials = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
  let body: unknown;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${credentials}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ token }).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) throw new Error(`introspection answered ${response.status}`);
    body = await response.json();
  } catch (cause) {
    throw new SessionTokenError('unavailable', 'The sign-in service could not say whether the session is active.', {
      cause,
    });
  }
  const active = (body as { active?: unknown } | null)?.active;
  if (typeof active !== 'boolean') {
    throw new SessionTokenError('unavailable', 'The sign-in service answered introspection without `active`.');
  }
  return active;
}
