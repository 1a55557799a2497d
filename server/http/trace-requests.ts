import { propagation, ROOT_CONTEXT, SpanStatusCode } from '@opentelemetry/api';
import type { Context, Middleware } from 'koa';
import { inSpan, SpanKind } from '../observability/tracing';

/** The matched route's pattern (`/api/qr/:id/confirm`), once the router has run. */
const routeOf = (ctx: Context) => (ctx as { _matchedRoute?: unknown })._matchedRoute;

/**
 * One server span per request, named by its route (`POST /api/qr/:id/confirm`): the create, scan, confirm, deny
 * and token exchange of a login are these spans. A caller's W3C `traceparent` is continued, so a site or an app
 * that traces its own calls sees ours inside them. A login's id is an attribute, never a secret or a token.
 */
export function traceRequests(): Middleware {
  return (ctx, next) =>
    inSpan(
      ctx.method,
      {
        kind: SpanKind.SERVER,
        parent: propagation.extract(ROOT_CONTEXT, ctx.headers),
        attributes: { 'http.request.method': ctx.method, 'url.path': ctx.path },
      },
      async (span) => {
        try {
          await next();
        } finally {
          const route = routeOf(ctx);
          if (typeof route === 'string') {
            span.updateName(`${ctx.method} ${route}`);
            span.setAttribute('http.route', route);
            if (route.startsWith('/api/qr/:id')) span.setAttribute('qr_login.id', String(ctx.params.id));
          }
          span.setAttribute('http.response.status_code', ctx.status);
          if (ctx.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        }
      },
    );
}
