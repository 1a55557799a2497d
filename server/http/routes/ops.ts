import Router from '@koa/router';
import type { Metrics } from '../../observability/metrics';
import type { LoginStore } from '../../store/port';

/** Health for load balancers (503 while the store does not answer) and Prometheus metrics. */
export function opsRoutes(store: LoginStore, metrics: Metrics): Router {
  const router = new Router();

  router.get('/healthz', async (ctx) => {
    await store.ping();
    ctx.body = { status: 'ok', store: store.kind };
  });

  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });

  return router;
}
