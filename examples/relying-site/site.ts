/**
 * A relying site: its own web app on its own origin that signs its users in with qr-login.
 *
 *   QR_LOGIN_URL=http://127.0.0.1:3000 SESSION_AUDIENCE=relying-site npx tsx examples/relying-site/site.ts
 *   (also SESSION_ISSUER (default QR_LOGIN_URL), SITE_PORT (4000), SITE_HOST, SITE_ORIGIN, QR_LOGIN_JWKS_URL, REVOCATION_WEBHOOK_SECRET,
 *    INTROSPECTION_CLIENT_ID and INTROSPECTION_CLIENT_SECRET)
 *
 * The page embeds the service's browser SDK; the site's backend receives the session token once and checks it
 * with @qr-login/server (signature by a key of the service's /.well-known/jwks.json, algorithm, iss, aud, exp,
 * taken once, its session not ended), maps `sub` to its own user and sets its own HttpOnly, SameSite cookie,
 * which ends when the token does. From then on the site knows its user by that cookie alone, until the user ends
 * that session on the phone: the service's signed revocation webhook (`POST /qr-login/revocations`, the service's
 * REVOCATION_WEBHOOK_URL) makes the site drop the cookie's session at once.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import bodyParser from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
// A real site imports '@qr-login/server'; inside this repository the source is imported by file.
import {
  createSessionVerifier,
  DELIVERY_HEADER,
  type IntrospectionClient,
  RevocationWebhookError,
  SessionTokenError,
  SIGNATURE_HEADER,
} from '../../client/server/index';

export interface RelyingSiteOptions {
  /** Where the qr-login service is (its public URL, which the page loads the SDK from). */
  qrLoginUrl: string;
  /** Where this backend fetches the service's keys; default `<qrLoginUrl>/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** The `iss` and `aud` the service puts in session tokens (SESSION_JWT_ISSUER, SESSION_JWT_AUDIENCE). */
  issuer: string;
  audience: string;
  port?: number;
  host?: string;
  /** The site's own origin as browsers see it; default `http://localhost:<port>`. */
  origin?: string;
  /** The service's REVOCATION_WEBHOOK_SECRET; without it the site does not accept revocations. */
  revocationWebhookSecret?: string;
  /** The service's introspection client: each sign-in then asks whether the session is still active. */
  introspection?: IntrospectionClient;
  /** How long the service's key set is trusted before it is fetched again (a removed key's window); default 60 s. */
  keyCacheMaxAgeMs?: number;
  /** The site's clock, epoch milliseconds; default `Date.now`. */
  now?: () => number;
}

interface SiteUser {
  id: string;
  /** The qr-login user id (`sub`) this site user signs in as. */
  qrLoginSub: string;
  name?: string;
}

const SESSION_COOKIE = 'site_session';

/** The site's own users and sessions; a real site keeps them in its database. */
class SiteAccounts {
  private readonly usersBySub = new Map<string, SiteUser>();
  /** Each site session remembers the qr-login session (`jti`) it came from, so ending that one ends this one. */
  private readonly sessions = new Map<string, { user: SiteUser; until: number; qrLoginSessionId: string }>();

  constructor(private readonly now: () => number) {}

  userFor(sub: string, name?: string): SiteUser {
    let user = this.usersBySub.get(sub);
    if (!user) {
      user = { id: `site-user-${this.usersBySub.size + 1}`, qrLoginSub: sub, name };
      this.usersBySub.set(sub, user);
    }
    return user;
  }

  /**
   * A site session lasts as long as the token it came from, no longer: after `exp` the phone no longer lists the
   * session and cannot end it. To keep a user longer, sign them in again (a new QR) before it ends.
   */
  openSession(user: SiteUser, qrLoginSessionId: string, until: number): string {
    const id = randomBytes(32).toString('base64url');
    this.sessions.set(id, { user, until, qrLoginSessionId });
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
    return session && session.until > this.now() ? session.user : undefined;
  }
}

export async function startRelyingSite(options: RelyingSiteOptions): Promise<{ url: string; close(): Promise<void> }> {
  const service = new URL(options.qrLoginUrl);
  const now = options.now ?? Date.now;
  const sessionTokens = createSessionVerifier({
    serviceUrl: service.href,
    jwksUrl: options.jwksUrl,
    issuer: options.issuer,
    audience: options.audience,
    introspection: options.introspection,
    revocationWebhookSecret: options.revocationWebhookSecret,
    keyCacheMaxAgeMs: options.keyCacheMaxAgeMs,
    now,
  });
  const accounts = new SiteAccounts(now);
  /** Delivery ids already handled, the oldest forgotten first: the service retries for about half a minute. */
  const seenDeliveries = new Set<string>();
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
    let session: Awaited<ReturnType<typeof sessionTokens.signIn>>;
    try {
      session = await sessionTokens.signIn(token);
    } catch (error) {
      if (!(error instanceof SessionTokenError)) throw error;
      // The service could not be asked: nobody is refused for that, the page may try again.
      ctx.status = error.code === 'unavailable' ? 503 : 401;
      ctx.body = { error: { code: error.code, message: error.message } };
      return;
    }
    const user = accounts.userFor(session.sub, session.name);
    const until = session.expiresAt.getTime();
    ctx.cookies.set(SESSION_COOKIE, accounts.openSession(user, session.jti, until), {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.protocol === 'https',
      maxAge: until - now(),
      path: '/',
    });
    ctx.body = { user: { id: user.id, name: user.name }, until: session.expiresAt.toISOString() };
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
  router.post('/qr-login/revocations', async (ctx) => {
    if (!options.revocationWebhookSecret) return ctx.throw(404);
    try {
      const ended = await sessionTokens.receiveRevocations(ctx.request.rawBody ?? '', ctx.get(SIGNATURE_HEADER));
      // A retry of a delivery already handled (its answer was lost) is acknowledged and not acted on twice.
      const delivery = ctx.get(DELIVERY_HEADER);
      if (!seenDeliveries.has(delivery)) {
        if (seenDeliveries.size >= 10_000) seenDeliveries.delete(seenDeliveries.values().next().value!);
        seenDeliveries.add(delivery);
        accounts.endSessionsFrom(new Set(ended.map((session) => session.jti)));
      }
    } catch (error) {
      if (!(error instanceof RevocationWebhookError)) throw error;
      return ctx.throw(error.code === 'not_a_revocation' ? 400 : 401, error.message);
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
    issuer: env.SESSION_ISSUER ?? env.QR_LOGIN_URL ?? 'http://127.0.0.1:3000',
    audience: env.SESSION_AUDIENCE ?? 'relying-site',
    port: Number(env.SITE_PORT ?? 4000),
    host: env.SITE_HOST ?? '127.0.0.1',
    origin: env.SITE_ORIGIN,
    revocationWebhookSecret: env.REVOCATION_WEBHOOK_SECRET,
    introspection: env.INTROSPECTION_CLIENT_ID
      ? { clientId: env.INTROSPECTION_CLIENT_ID, clientSecret: env.INTROSPECTION_CLIENT_SECRET ?? '' }
      : undefined,
  }).then(
    (site) => console.log(`relying site on ${site.url}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
