import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { LoginUser } from '../domain';

export interface IssuedSessionToken {
  token: string;
  expiresIn: number;
}

export interface SessionTokenIssuer {
  issue(user: LoginUser): IssuedSessionToken;
}

/** Session tokens for the browser: HS256, `sub` = the user id, a unique `jti` so relying services can revoke one. */
export function hs256SessionTokens(secret: string, expiresInSeconds: number): SessionTokenIssuer {
  return {
    issue(user) {
      const claims: Record<string, string> = {};
      if (user.name) claims.name = user.name;
      if (user.picture) claims.picture = user.picture;
      const token = jwt.sign(claims, secret, {
        algorithm: 'HS256',
        subject: user.id,
        expiresIn: expiresInSeconds,
        jwtid: randomUUID(),
      });
      return { token, expiresIn: expiresInSeconds };
    },
  };
}
