import bodyParser from '@koa/bodyparser';
import cors from '@koa/cors';
import type Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { LoginError } from '../service/errors';
import type { ClientIpResolver } from '../transport/client-ip';
import { bodyReadError, errorMiddleware } from './error-middleware';
import { metricsMiddleware } from './metrics-middleware';
import { requestLog } from './request-log';
import { securityHeaders } from './security-headers';
import { traceRequests } from './trace-requests';

/** JSON bodies are small here (most calls have none); anything larger is refused with 413. */
const BODY_LIMIT = '16kb';

export interface HttpAppOptions {
  routers: Router[];
  logger: Logger;
  metrics: Metrics;
  /** Origins allowed to call the API from a browser on another site. */
  corsOrigins: string[];
  /** Finds the client's address (believing X-Forwarded-For only from trusted proxies). */
  clientIp: ClientIpResolver;
  /** True while more connections are open than the cap: then only health checks are served. */
  overCapacity?: () => boolean;
}

/** Served even past the connection cap, so a load balancer can tell a busy instance from a dead one. */
const HEALTH_PATHS: ReadonlySet<string> = new Set(['/healthz', '/livez', '/readyz']);

/** The Koa app: small middlewares in a fixed order, then the routers. It only translates HTTP to use cases. */
export function createHttpApp(options: HttpAppOptions): Koa {
  const app = new Koa();
  const allowed = new Set(options.corsOrigins);
  app.silent = true;
  // First, so every line logged for a request (its access log line too) carries the request's trace id.
  app.use(traceRequests());
  app.use(metricsMiddleware(options.metrics));
  app.use(async (ctx, next) => {
    ctx.state.clientIp = options.clientIp(ctx.req);
    await next();
  });
  app.use(requestLog(options.logger));
  app.use(securityHeaders());
  app.use(errorMiddleware(options.logger));
  // After the error middleware, so a refusal past the cap is the contract's 503, logged with its request id.
  app.use(async (ctx, next) => {
    if (options.overCapacity?.()) {
      // Past the cap a connection serves one answer, so the health-check reserve is free again at once.
      ctx.set('Connection', 'close');
      if (!HEALTH_PATHS.has(ctx.path)) {
        throw new LoginError('unavailable', 'Too many connections; try again shortly.', { retryAfterSeconds: 1 });
      }
    }
    await next();
  });
  app.use(
    cors({
      origin: (ctx) => (allowed.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),
      allowHeaders: ['Content-Type', 'X-QR-Secret', 'Authorization', 'If-None-Match'],
      // Pollers on another site read the ETag for their next If-None-Match, Retry-After when told to wait, and
      // the RateLimit fields to pace themselves before they are.
      exposeHeaders: ['ETag', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
      allowMethods: ['GET', 'POST', 'DELETE'],
      maxAge: 600,
    }),
  );
  // Forms only because RFC 7662 introspection is posted as one; other routes read no form fields.
  app.use(
    bodyParser({
      enableTypes: ['json', 'form'],
      jsonLimit: BODY_LIMIT,
      formLimit: BODY_LIMIT,
      encoding: 'utf-8',
      onError: bodyReadError,
    }),
  );
  for (const router of options.routers) app.use(router.routes());
  return app;
}
