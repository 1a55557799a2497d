import jwt from 'jsonwebtoken';
import type { MobileTokenVerifier } from '../auth/mobile-tokens';
import { findDemoUser } from './users';

/** Marks a demo token, so only those are tried under the demo key. */
const DEMO_ISSUER = 'qr-login demo';

/**
 * The demo's tokens (threat model T23): signed under `demoKey` (DEMO_TOKEN_SECRET, made up for the run unless
 * set), never a mobile key; the service accepts them, for the demo's users only, beside whatever the configured
 * verifier accepts.
 */
export function demoTokens(demoKey: string) {
  return {
    sign: ({ sub, ...profile }: { sub: string; name: string; picture: string }) =>
      jwt.sign(profile, demoKey, { algorithm: 'HS256', subject: sub, issuer: DEMO_ISSUER, expiresIn: 3600 }),
    acceptedBeside(verifier: MobileTokenVerifier): MobileTokenVerifier {
      return {
        async verify(authorization, clientAddress) {
          const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
          const demoUser = token && demoUserOf(token, demoKey);
          return demoUser || verifier.verify(authorization, clientAddress);
        },
      };
    },
  };
}

function demoUserOf(token: string, demoKey: string) {
  try {
    const claims = jwt.verify(token, demoKey, { algorithms: ['HS256'], issuer: DEMO_ISSUER }) as jwt.JwtPayload;
    const user = findDemoUser(String(claims.sub));
    return user && { id: user.id, name: user.name, picture: user.picture };
  } catch {
    return undefined;
  }
}
