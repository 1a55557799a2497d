import { type Finding, fail, ok, warn } from '../report';
import { reason, request, type Target } from '../target';

/** `/readyz` answers 200 while the instance that took the request reaches Redis and hears its changes. */
export async function readinessCheck(target: Target): Promise<Finding> {
  const check = 'readiness';
  try {
    const response = await request(target, '/readyz');
    if (response.status === 200) return ok(check, '/readyz answers 200');
    if (response.status === 503) {
      return fail(check, '/readyz answers 503: the service cannot reach Redis or its change subscription is down');
    }
    return warn(check, `/readyz answered ${response.status} from outside: check the probe inside the network`);
  } catch (error) {
    return fail(check, `/readyz: ${reason(error)}`);
  }
}

/** Beyond this, token lifetimes and QR expiry shown to users are off enough to matter. */
const SKEW_FAIL_SECONDS = 60;
/** `Date` has whole seconds and the request takes time: smaller differences say nothing. */
const SKEW_WARN_SECONDS = 5;

/**
 * The service's clock against this machine's, from the `Date` header: tokens carry `iat`/`exp` that relying
 * services judge by their own clock, and the page counts the QR's expiry down from the service's time.
 */
export function clockCheck(headers: Headers, sentAt: number, receivedAt: number): Finding {
  const check = 'clock skew';
  const date = Date.parse(headers.get('date') ?? '');
  if (Number.isNaN(date)) return warn(check, 'no Date header: cannot compare clocks');
  const skewSeconds = Math.round((date - (sentAt + receivedAt) / 2) / 1000);
  const detail = `the service's clock is ${Math.abs(skewSeconds)} s ${skewSeconds < 0 ? 'behind' : 'ahead of'} this machine's`;
  if (Math.abs(skewSeconds) > SKEW_FAIL_SECONDS) return fail(check, `${detail}: sync both clocks with NTP`);
  if (Math.abs(skewSeconds) > SKEW_WARN_SECONDS) return warn(check, `${detail}: sync both clocks with NTP`);
  return ok(check, `within ${SKEW_WARN_SECONDS} s`);
}

/** `/metrics` on the public address tells anyone the traffic and internals: it belongs on METRICS_PORT. */
export async function metricsExposureCheck(target: Target): Promise<Finding> {
  const check = 'metrics exposure';
  try {
    const response = await request(target, '/metrics');
    const body = response.status === 200 ? await response.text() : '';
    if (body.includes('qr_logins_created_total')) {
      return warn(check, '/metrics is public: set METRICS_PORT so it listens apart, or block it at the proxy');
    }
    return ok(check, `/metrics is not public (${response.status})`);
  } catch (error) {
    return ok(check, `/metrics is not public (${reason(error)})`);
  }
}
