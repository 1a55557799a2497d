/** The claims of a session token that verified: signature, algorithm, `exp`, `iss`/`aud` as configured. */
export interface VerifiedSessionToken {
  sub: string;
  jti: string;
  iat: number;
  exp: number;
  iss?: string;
  aud?: string | string[];
  kid: string;
}

/** The port the service checks session tokens through (introspection); server/auth/session-tokens.ts implements it. */
export interface SessionTokenVerifier {
  /** The claims when the token is ours, intact and unexpired; undefined for anything else. */
  verify(token: string): VerifiedSessionToken | undefined;
}
