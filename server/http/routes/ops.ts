import Router from '@koa/router';
import type { Metrics } from '../../observability/metrics';
import type { LoginStore } from '../../store/port';
import { StoreUnavailableError } from '../../store/store-unavailable';

/** A health check answers within this, whatever the store does. */
const HEALTH_TIMEOUT_MS = 1_000;

function withinHealthTimeout(check: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError('no answer to PING in time')), HEALTH_TIMEOUT_MS);
  });
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

/** Health for load balancers (503 while the store does not answer within a second) and Prometheus metrics. */
export function opsRoutes(store: LoginStore, metrics: Metrics): Router {
  const router = new Router();

  router.get('/healthz', async (ctx) => {
    await withinHealthTimeout(store.ping());
    ctx.body = { status: 'ok', store: store.kind };
  });

  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });

  return router;
}
