import type { LoginUser } from '../domain';

/** A session token for the browser that completed a login; `expiresIn` in seconds. */
export interface IssuedSessionToken {
  token: string;
  expiresIn: number;
  /** The token's `jti`: the id of the session it starts. */
  jti: string;
  /** When the token was first issued (the grant's moment) and when it expires (its `exp`), epoch ms. */
  issuedAt: number;
  expiresAt: number;
}

/** What makes a token the same token when issued again: its id and when it was first issued (epoch ms). */
export interface SessionGrant {
  tokenId: string;
  issuedAt: number;
}

/** The port the service issues session tokens through; server/auth/session-tokens.ts implements it. */
export interface SessionTokenIssuer {
  /** The token for `grant`: issued again for the same grant it has the same claims (with HS256 and RS256, the same bytes). */
  issue(user: LoginUser, grant: SessionGrant, now: number): IssuedSessionToken;
}
