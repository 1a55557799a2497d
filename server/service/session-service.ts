import { isActiveSession, type LoginUser, type Session, type SessionPolicy, type UserEvent } from '../domain';
import type { AuditTrail } from '../store/audit-port';
import type { SessionStore } from '../store/session-port';
import { LoginError } from './errors';
import { summariseUserAgent } from './requester-context';
import type { RevocationNotifier } from './revocation-notifier';
import type { SessionTokenVerifier, VerifiedSessionToken } from './session-token-verifier';

/** The browser that took a session token: where it is and which page it came from. */
export interface SessionBrowser {
  ip: string;
  userAgent: string;
  /** The Origin header of the exchange, when it was a well-formed origin. */
  origin?: string;
}

export interface SessionServiceOptions {
  sessions: SessionStore;
  audit: AuditTrail;
  tokens: SessionTokenVerifier;
  revocations: RevocationNotifier;
  policy: SessionPolicy;
  /** The site recorded when the browser sent no Origin (a same-origin page of the service). */
  ownOrigin: string;
  /** The audit is kept best-effort: a failed write is reported here and never fails the user's request. */
  onAuditFailure(error: unknown): void;
  clock?: () => number;
}

const sessionNotFound = () => new LoginError('not_found', 'No such session.');

/** The token a session is recorded for: its id (`jti`), when it was first issued and when it expires (epoch ms). */
export interface SessionTokenFacts {
  jti: string;
  issuedAt: number;
  expiresAt: number;
}

/** RFC 7662's answer before it is written out: the claims of an active token, or nothing. */
export type Introspection = { active: false } | { active: true; claims: Omit<VerifiedSessionToken, 'kid'> };

/**
 * The sessions that QR logins start: recorded at the token exchange, listed and ended by their user,
 * introspected by relying services, and every step written to the user's own audit.
 */
export class SessionService {
  private readonly clock: () => number;

  constructor(private readonly options: SessionServiceOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** Records the session a token starts; a retried exchange with the same token records nothing new. */
  async start(user: LoginUser, issued: SessionTokenFacts, loginId: string, browser: SessionBrowser): Promise<void> {
    const now = this.clock();
    const session: Session = {
      id: issued.jti,
      userId: user.id,
      createdAt: issued.issuedAt,
      expiresAt: issued.expiresAt,
      ip: browser.ip,
      ...summariseUserAgent(browser.userAgent),
      site: browser.origin ?? this.options.ownOrigin,
    };
    for (const key of ['browser', 'os'] as const) if (session[key] === undefined) delete session[key];
    const { recorded, ended } = await this.options.sessions.record(session, now, this.options.policy);
    if (!recorded) return;
    await this.recordEvent(user.id, { type: 'signed_in', at: now, loginId, sessionId: session.id, ip: browser.ip });
    await this.announceEnded(user.id, ended);
  }

  async list(userId: string): Promise<Session[]> {
    return this.options.sessions.list(userId, this.clock());
  }

  /** Ends one of the user's live sessions; an unknown, ended or someone else's id is the same 404. */
  async end(userId: string, sessionId: string, ip: string): Promise<void> {
    const ended = await this.options.sessions.end(userId, [sessionId], this.clock());
    if (ended.length === 0) throw sessionNotFound();
    await this.announceEnded(userId, ended, ip);
  }

  async endAll(userId: string, ip: string): Promise<number> {
    const ended = await this.options.sessions.end(userId, 'all', this.clock());
    await this.announceEnded(userId, ended, ip);
    return ended.length;
  }

  /**
   * RFC 7662: active only for a token we signed, unexpired, whose session is still recorded and not ended.
   * Anything else (forged, expired, revoked, pushed out, unknown) is the same `{active: false}`.
   */
  async introspect(token: string): Promise<Introspection> {
    const claims = this.options.tokens.verify(token);
    if (!claims) return { active: false };
    const now = this.clock();
    const session = await this.options.sessions.get(claims.sub, claims.jti, now);
    if (!isActiveSession(session, now)) return { active: false };
    const { kid: _kid, ...rest } = claims;
    return { active: true, claims: rest };
  }

  async events(userId: string, limit: number): Promise<UserEvent[]> {
    return this.options.audit.recent(userId, limit, this.clock());
  }

  /** Appends to the user's audit; a failure is reported, never thrown (the move it describes already happened). */
  async recordEvent(userId: string, event: UserEvent): Promise<void> {
    try {
      await this.options.audit.append(userId, event);
    } catch (error) {
      this.options.onAuditFailure(error);
    }
  }

  private async announceEnded(userId: string, ended: readonly Session[], ip?: string): Promise<void> {
    if (ended.length === 0) return;
    this.options.revocations.sessionsEnded(ended);
    for (const session of ended) {
      const event: UserEvent = { type: 'session_ended', at: session.endedAt!, sessionId: session.id };
      if (session.endReason) event.reason = session.endReason;
      if (ip) event.ip = ip;
      await this.recordEvent(userId, event);
    }
  }
}
