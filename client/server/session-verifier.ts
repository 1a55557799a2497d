import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { RevocationWebhookError, SessionTokenError } from './errors';
import { type IntrospectionClient, isTokenActive } from './introspection';
import { MemoryTokenIdStore, type TokenIdStore } from './token-id-store';
import { checkWebhookSignature } from './webhook-signature';

/** The algorithms the service signs session tokens with when it publishes keys (RSA 2048+ and P-256). */
export type SessionAlgorithm = 'ES256' | 'RS256';
const SESSION_ALGORITHMS: readonly SessionAlgorithm[] = ['ES256', 'RS256'];
/** The service's explicit token type (RFC 8725): a token of another kind is refused. */
const SESSION_TOKEN_TYPE = 'qr-session+jwt';

/** How long a key set is trusted before it is fetched again: a key removed from the service is refused after this. */
export const DEFAULT_KEY_CACHE_MAX_AGE_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 5_000;

export interface SessionVerifierOptions {
  /** The service's public URL (its PUBLIC_URL). */
  serviceUrl: string;
  /** Where the keys are; default `<serviceUrl>/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** The `iss` the service writes (its SESSION_JWT_ISSUER). */
  issuer: string;
  /** This site's name in the token's `aud` (the service's SESSION_JWT_AUDIENCE). */
  audience: string;
  /** Default both `ES256` and `RS256`; nothing else is accepted. */
  algorithms?: readonly SessionAlgorithm[];
  /**
   * A key removed from the service's key set is still trusted until the set is fetched again, at most this long
   * (default 60 000 ms). Shorter means a removed key is refused sooner, at one fetch of the set per this period.
   */
  keyCacheMaxAgeMs?: number;
  /** Each fetch of the keys and each introspection fails as `unavailable` after this; default 5000 ms. */
  timeoutMs?: number;
  /** With the service's introspection client, every sign-in asks whether the session is still active. */
  introspection?: IntrospectionClient;
  /** The service's REVOCATION_WEBHOOK_SECRET, to believe its announcements of ended sessions. */
  revocationWebhookSecret?: string;
  /** Token ids already taken; default in this process's memory. */
  usedTokenIds?: TokenIdStore;
  /** Token ids whose session ended (from the webhook); default in this process's memory. */
  endedSessions?: TokenIdStore;
  /** The clock, epoch milliseconds; default `Date.now`. */
  now?: () => number;
}

/** A token this site accepted: who signed in, and until when at the latest. */
export interface VerifiedSession {
  /** The user id in the app's identity system. */
  sub: string;
  /** The session's id (the token's `jti`); the revocation webhook names ended sessions by it. */
  jti: string;
  /** When the token expires: no site session opened from it should last longer. */
  expiresAt: Date;
  /** The user's display name, when the app's token had one. */
  name?: string;
  claims: JWTPayload;
}

/** One session the service announced as ended. */
export interface EndedSession {
  sub: string;
  jti: string;
  expiresAt: Date;
  reason: string;
}

export interface SessionVerifier {
  /**
   * Everything a sign-in must check, in order: signature by a key in the service's key set, algorithm, type,
   * `iss`, `aud`, `exp`, `sub`, `jti`; not announced as ended; still active at introspection (when configured);
   * and taken only once. Rejects with a `SessionTokenError`.
   */
  signIn(token: string): Promise<VerifiedSession>;
  /**
   * Checks a revocation webhook delivery (`rawBody` exactly as received, and the `X-QR-Login-Signature` header),
   * remembers the ended sessions so their tokens are refused, and returns them so the site can end the sessions
   * it opened from them. Rejects with a `RevocationWebhookError`.
   */
  receiveRevocations(rawBody: string, signatureHeader: string | undefined): Promise<EndedSession[]>;
  /** Whether the service still holds the session active (RFC 7662); needs `introspection`. */
  isActive(token: string): Promise<boolean>;
}

export function createSessionVerifier(options: SessionVerifierOptions): SessionVerifier {
  const algorithms = [...(options.algorithms ?? SESSION_ALGORITHMS)];
  const unknown = algorithms.filter((algorithm) => !SESSION_ALGORITHMS.includes(algorithm));
  if (algorithms.length === 0 || unknown.length > 0) {
    throw new TypeError(`algorithms must be ES256 and/or RS256, not ${JSON.stringify(unknown)}`);
  }
  if (!options.issuer || !options.audience) throw new TypeError('issuer and audience are required');
  if (options.introspection && !(options.introspection.clientId && options.introspection.clientSecret)) {
    throw new TypeError('introspection needs the client id and secret the service knows');
  }
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const serviceUrl = options.serviceUrl.replace(/\/+$/, '');
  const keys = createRemoteJWKSet(new URL(options.jwksUrl ?? `${serviceUrl}/.well-known/jwks.json`), {
    cacheMaxAge: options.keyCacheMaxAgeMs ?? DEFAULT_KEY_CACHE_MAX_AGE_MS,
    timeoutDuration: timeoutMs,
  });
  const usedTokenIds = options.usedTokenIds ?? new MemoryTokenIdStore(now);
  const endedSessions = options.endedSessions ?? new MemoryTokenIdStore(now);
  const introspection = options.introspection;
  const introspectionUrl = introspection?.url ?? `${serviceUrl}/api/session/introspect`;

  async function verify(token: string): Promise<VerifiedSession> {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        typ: SESSION_TOKEN_TYPE,
        requiredClaims: ['sub', 'exp', 'jti'],
        currentDate: new Date(now()),
      });
      const name = typeof payload.name === 'string' ? payload.name : undefined;
      const expiresAt = new Date(payload.exp! * 1000);
      return { sub: payload.sub!, jti: payload.jti!, expiresAt, ...(name !== undefined && { name }), claims: payload };
    } catch (error) {
      throw refusal(error);
    }
  }

  async function isActive(token: string): Promise<boolean> {
    if (!introspection) throw new TypeError('isActive needs the introspection client');
    return isTokenActive(introspectionUrl, introspection, token, timeoutMs);
  }

  return {
    async signIn(token) {
      const session = await verify(token);
      if (await endedSessions.has(session.jti)) throw new SessionTokenError('revoked', 'This session was ended.');
      if (introspection && !(await isActive(token))) {
        throw new SessionTokenError('revoked', 'The sign-in service says this session is no longer active.');
      }
      if (!(await usedTokenIds.add(session.jti, session.expiresAt.getTime()))) {
        throw new SessionTokenError('already_used', 'This session token was already used.');
      }
      return session;
    },

    async receiveRevocations(rawBody, signatureHeader) {
      const secret = options.revocationWebhookSecret;
      if (!secret) throw new TypeError('receiveRevocations needs revocationWebhookSecret');
      const verdict = checkWebhookSignature(secret, signatureHeader, rawBody, Math.floor(now() / 1000));
      if (verdict === 'bad') throw new RevocationWebhookError('bad_signature', 'The signature does not match.');
      if (verdict === 'stale')
        throw new RevocationWebhookError('stale_signature', 'The delivery was signed too long ago.');
      const ended = readRevocations(rawBody);
      for (const session of ended) await endedSessions.add(session.jti, session.expiresAt.getTime());
      return ended;
    },

    isActive,
  };
}

function readRevocations(rawBody: string): EndedSession[] {
  let event: { type?: unknown; sessions?: unknown };
  try {
    event = JSON.parse(rawBody);
  } catch {
    event = {};
  }
  if (event?.type !== 'sessions.ended' || !Array.isArray(event.sessions)) {
    throw new RevocationWebhookError('not_a_revocation', 'The delivery is not an announcement of ended sessions.');
  }
  return event.sessions.flatMap((session: Record<string, unknown>) =>
    typeof session?.jti === 'string' && typeof session.sub === 'string' && typeof session.exp === 'number'
      ? [
          {
            sub: session.sub,
            jti: session.jti,
            expiresAt: new Date(session.exp * 1000),
            reason: String(session.reason ?? ''),
          },
        ]
      : [],
  );
}

/** jose's errors as the codes a site maps; anything not about the token itself is `unavailable`. */
function refusal(error: unknown): SessionTokenError {
  const refuse = (code: ConstructorParameters<typeof SessionTokenError>[0], message: string) =>
    new SessionTokenError(code, message, { cause: error });
  if (error instanceof errors.JWTExpired) return refuse('expired', 'The session token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return refuse('wrong_issuer', 'The session token is from another issuer.');
    if (error.claim === 'aud') return refuse('wrong_audience', 'The session token is for another site.');
    return refuse('malformed', `The session token's ${error.claim} claim is missing or invalid.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return refuse('wrong_algorithm', 'The token’s algorithm is refused.');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed) {
    return refuse('bad_signature', 'The session token is not signed by a key of the sign-in service.');
  }
  if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
    return refuse('unavailable', 'The sign-in service’s keys could not be fetched.');
  }
  if (error instanceof errors.JWKSInvalid || error.code === 'ERR_JOSE_GENERIC') {
    return refuse('unavailable', 'The sign-in service’s keys could not be read.');
  }
  return refuse('malformed', 'This is not a session token of the sign-in service.');
}
