import type { IncomingMessage } from 'node:http';

/**
 * Whether a browser request comes from a page we serve or one of the allowed origins. CORS only hides answers
 * from other sites: a "simple" request and a WebSocket handshake still reach us, so their Origin is checked
 * here. Requests without Origin (native apps, servers) carry no visitor's ambient credentials or address, and pass.
 */
export function originAllowed(request: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowed.has(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
