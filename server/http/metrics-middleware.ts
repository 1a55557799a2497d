import type { Middleware } from 'koa';
import type { Metrics } from '../observability/metrics';

/** Times every request, labelled by its route pattern (not the raw path, which would explode the label set). */
export function metricsMiddleware(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const stop = metrics.httpDuration.startTimer();
    try {
      await next();
    } finally {
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      stop({ method: ctx.method, route: String(route), status: String(ctx.status) });
    }
  };
}
