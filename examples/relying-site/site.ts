/**
 * A relying site: its own web app on its own origin that signs its users in with qr-login.
 *
 *   QR_LOGIN_URL=http://127.0.0.1:3000 SESSION_AUDIENCE=relying-site npx tsx examples/relying-site/site.ts
 *   (also SESSION_ISSUER, SITE_PORT (4000), SITE_HOST, SITE_ORIGIN, QR_LOGIN_JWKS_URL, REVOCATION_WEBHOOK_SECRET)
 *
 * The page embeds the service's browser SDK; the site's backend receives the session token once, verifies it
 * against the service's /.well-known/jwks.json (signature, iss, aud, exp), maps `sub` to its own user and
 * sets its own HttpOnly, SameSite cookie. From then on the site knows its user by that cookie alone, until the
 * user ends that session on the phone: the service's signed revocation webhook (`POST /qr-login/revocations`,
 * the service's REVOCATION_WEBHOOK_URL) makes the site drop the cookie's session at once.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import bodyParser from '@koa/bodyparser';
import Router from '@koa/router';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import Koa from 'koa';
// The receiver's half of the service's signing scheme: a real site copies these dozen lines or its own HMAC check.
import { DELIVERY_HEADER, SIGNATURE_HEADER, verifyWebhookSignature } from '../../server/webhooks/webhook-signature';
import type { SessionsEndedEvent } from '../../server/wire/sessions';

export interface RelyingSiteOptions {
  /** Where the qr-login service is (its public URL, which the page loads the SDK from). */
  qrLoginUrl: string;
  /** Where this backend fetches the service's keys; default `<qrLoginUrl>/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** The `iss` and `aud` the service puts in session tokens (SESSION_JWT_ISSUER, SESSION_JWT_AUDIENCE). */
  issuer?: string;
  audience: string;
  port?: number;
  host?: string;
  /** The site's own origin as browsers see it; default `http://localhost:<port>`. */
  origin?: string;
  /** The service's REVOCATION_WEBHOOK_SECRET; without it the site does not accept revocations. */
  revocationWebhookSecret?: string;
}

interface SiteUser {
  id: string;
  /** The qr-login user id (`sub`) this site user signs in as. */
  qrLoginSub: string;
  name?: string;
}

const SESSION_COOKIE = 'site_session';
const SESSION_HOURS = 8;

/** The site's own users and sessions; a real site keeps them in its database. */
class SiteAccounts {
  private readonly usersBySub = new Map<string, SiteUser>();
  /** Each site session remembers the qr-login session (`jti`) it came from, so ending that one ends this one. */
  private readonly sessions = new Map<string, { user: SiteUser; until: number; qrLoginSessionId: string }>();
  /** Each session token is taken once (its `jti`), until it expires: a copied token cannot open a second session. */
  private readonly usedTokenIds = new Map<string, number>();

  userFor(sub: string, name?: string): SiteUser {
    let user = this.usersBySub.get(sub);
    if (!user) {
      user = { id: `site-user-${this.usersBySub.size + 1}`, qrLoginSub: sub, name };
      this.usersBySub.set(sub, user);
    }
    return user;
  }

  takeTokenOnce(jti: string, expiresAt: number): boolean {
    const now = Date.now();
    for (const [id, until] of this.usedTokenIds) if (until < now) this.usedTokenIds.delete(id);
    if (this.usedTokenIds.has(jti)) return false;
    this.usedTokenIds.set(jti, expiresAt);
    return true;
  }

  openSession(user: SiteUser, qrLoginSessionId: string): string {
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { user, until: Date.now() + SESSION_HOURS * 3_600_000, qrLoginSessionId });
    return id;
  }

  /** Signs out every site session that a now-ended qr-login session opened. */
  endSessionsFrom(qrLoginSessionIds: ReadonlySet<string>): number {
    let ended = 0;
    for (const [id, session] of this.sessions) {
      if (!qrLoginSessionIds.has(session.qrLoginSessionId)) continue;
      this.sessions.delete(id);
      ended++;
    }
    return ended;
  }

  userOf(sessionId: string | undefined): SiteUser | undefined {
    const session = sessionId ? this.sessions.get(sessionId) : undefined;
    return session && session.until > Date.now() ? session.user : undefined;
  }
}

export async function startRelyingSite(options: RelyingSiteOptions): Promise<{ url: string; close(): Promise<void> }> {
  const service = new URL(options.qrLoginUrl);
  // jose fetches and caches the service's keys and refetches them when a token names a new `kid`.
  const serviceKeys = createRemoteJWKSet(new URL(options.jwksUrl ?? new URL('/.well-known/jwks.json', service)));
  const accounts = new SiteAccounts();
  /** Delivery ids already handled, the oldest forgotten first: the service retries for about half a minute. */
  const seenDeliveries = new Set<string>();

  /** Signature by the service's current key, its `iss` and `aud` for this site, not expired; or nothing. */
  async function verifySessionToken(token: string) {
    try {
      const { payload } = await jwtVerify(token, serviceKeys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256', 'ES256'],
        requiredClaims: ['sub', 'exp', 'jti'],
      });
      const name = typeof payload.name === 'string' ? payload.name : undefined;
      return { sub: payload.sub!, jti: payload.jti!, exp: payload.exp!, name };
    } catch {
      return undefined;
    }
  }
  const page = (await readFile(path.join(__dirname, 'public', 'index.html'), 'utf8')).replace(
    '{{QR_LOGIN_URL}}',
    service.origin,
  );
  const script = await readFile(path.join(__dirname, 'public', 'app.js'));

  const app = new Koa();
  let origin = '';
  app.use(async (ctx, next) => {
    await next();
    const socketOrigin = service.origin.replace(/^http/, 'ws');
    ctx.set(
      'Content-Security-Policy',
      `default-src 'self'; script-src 'self' ${service.origin}; connect-src 'self' ${service.origin} ${socketOrigin}; img-src 'self' data:; frame-ancestors 'none'`,
    );
  });
  // 64 KiB: a revocation batch holds up to MAX_SESSIONS_PER_USER sessions.
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '64kb' }));
  const router = new Router();
  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = page;
  });
  router.get('/app.js', (ctx) => {
    ctx.type = 'text/javascript';
    ctx.body = script;
  });

  /** The page hands over the session token it got from the service; the site decides who this is. */
  router.post('/session', async (ctx) => {
    // Only the site's own page may sign someone in (a form on another site cannot, whatever its body).
    if (ctx.get('Origin') !== origin) ctx.throw(403, 'cross-site sign-in refused');
    const token = (ctx.request.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.length > 4096) return ctx.throw(400, 'a session token is required');
    const claims = await verifySessionToken(token);
    if (!claims) return ctx.throw(401, 'the session token is not valid');
    if (!accounts.takeTokenOnce(claims.jti, claims.exp * 1000)) return ctx.throw(401, 'this session token was used');
    const user = accounts.userFor(claims.sub, claims.name);
    ctx.cookies.set(SESSION_COOKIE, accounts.openSession(user, claims.jti), {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.protocol === 'https',
      maxAge: SESSION_HOURS * 3_600_000,
      path: '/',
    });
    ctx.body = { user: { id: user.id, name: user.name } };
  });

  /** Every later request: the site's own cookie, nothing from qr-login. */
  router.get('/me', (ctx) => {
    const user = accounts.userOf(ctx.cookies.get(SESSION_COOKIE));
    if (!user) return ctx.throw(401, 'not signed in');
    ctx.body = { user: { id: user.id, name: user.name } };
  });

  /**
   * The service tells the site which sessions ended (the user ended them on the phone, or a per-user limit
   * dropped them). Only a body the service signed, and signed within the last five minutes, is believed.
   */
  router.post('/qr-login/revocations', (ctx) => {
    const secret = options.revocationWebhookSecret;
    if (!secret) return ctx.throw(404);
    const now = Math.floor(Date.now() / 1000);
    if (!verifyWebhookSignature(secret, ctx.get(SIGNATURE_HEADER), ctx.request.rawBody ?? '', now))
      return ctx.throw(401, 'signature refused');
    const event = ctx.request.body as SessionsEndedEvent;
    if (event?.type !== 'sessions.ended' || !Array.isArray(event.sessions)) return ctx.throw(400, 'not a revocation');
    // A retry of a delivery already handled (its answer was lost) is acknowledged and not acted on twice.
    if (!seenDeliveries.has(ctx.get(DELIVERY_HEADER))) {
      if (seenDeliveries.size >= 10_000) seenDeliveries.delete(seenDeliveries.values().next().value!);
      seenDeliveries.add(ctx.get(DELIVERY_HEADER));
      accounts.endSessionsFrom(new Set(event.sessions.map((session) => session.jti)));
    }
    ctx.status = 204;
  });
  app.use(router.routes());

  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = options.origin ?? `http://localhost:${port}`;
  return {
    url: origin,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (require.main === module) {
  const env = process.env;
  startRelyingSite({
    qrLoginUrl: env.QR_LOGIN_URL ?? 'http://127.0.0.1:3000',
    jwksUrl: env.QR_LOGIN_JWKS_URL,
    issuer: env.SESSION_ISSUER,
    audience: env.SESSION_AUDIENCE ?? 'relying-site',
    port: Number(env.SITE_PORT ?? 4000),
    host: env.SITE_HOST ?? '127.0.0.1',
    origin: env.SITE_ORIGIN,
    revocationWebhookSecret: env.REVOCATION_WEBHOOK_SECRET,
  }).then(
    (site) => console.log(`relying site on ${site.url}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
