import Router from '@koa/router';
import type { Metrics } from '../../observability/metrics';
import type { LoginStore } from '../../store/port';
import { StoreUnavailableError } from '../../store/store-unavailable';

/** A health check answers within this, whatever the store does. */
const HEALTH_TIMEOUT_MS = 1_000;

/** The store's answer, or a StoreUnavailableError after a second: probes and the `qr_ready` gauge use it. */
export function withinHealthTimeout(check: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError('no answer to PING in time')), HEALTH_TIMEOUT_MS);
  });
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

/**
 * Probes for orchestrators: `/livez` says the process answers (restart it if not), `/readyz` says it can serve
 * (Redis answers and the change subscription is live; take it out of the balancer if not), `/healthz` is the
 * store check load balancers used before. Each answers 503 within a second when the store does not.
 */
export function healthRoutes(store: LoginStore): Router {
  const router = new Router();
  router.get('/livez', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    await withinHealthTimeout(store.ready());
    ctx.body = { status: 'ok', store: store.kind };
  });
  router.get('/healthz', async (ctx) => {
    await withinHealthTimeout(store.ping());
    ctx.body = { status: 'ok', store: store.kind };
  });
  return router;
}

/** Prometheus metrics: on the public listener, or on its own (`METRICS_PORT`) so it need not be public. */
export function metricsRoutes(metrics: Metrics): Router {
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  return router;
}
