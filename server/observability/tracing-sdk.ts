import { DiagLogLevel, diag } from '@opentelemetry/api';
import type { Logger } from './logger';

export type TracingEnvironment = Record<string, string | undefined>;

/** A started SDK: `shutdown` exports the spans still queued, at the end of the process. */
export interface Tracing {
  shutdown(): Promise<void>;
}

const SERVICE_NAME = 'qr-login';

/**
 * Tracing is asked for by the standard variables alone: any `OTEL_*` variable set (an exporter endpoint, a
 * service name, a sampler...), unless `OTEL_SDK_DISABLED=true`. With none the SDK is not even loaded.
 */
export function tracingRequested(env: TracingEnvironment): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  return Object.keys(env).some((name) => name.startsWith('OTEL_') && env[name]);
}

/**
 * Starts the OpenTelemetry Node SDK for this process, configured by its `OTEL_*` variables as the SDK reads them
 * (exporter, endpoint, protocol, sampler, propagators, resource attributes), or returns undefined when tracing
 * is not asked for. The SDK is process-wide: call it once, before the first instance starts. Only traces are
 * exported: metrics stay on `/metrics` and logs on standard output. The SDK's own warnings (an export that
 * failed, a value it does not know) go to `logger`, unless `OTEL_LOG_LEVEL` sends them to the console.
 */
export async function startTracing(env: TracingEnvironment, logger: Logger): Promise<Tracing | undefined> {
  if (!tracingRequested(env)) return undefined;
  if (!env.OTEL_LOG_LEVEL) {
    const warn = (message: string, ...args: unknown[]) => logger.warn({ detail: args.map(String) }, message);
    diag.setLogger({ error: warn, warn, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
  }
  const { NodeSDK, resources } = await import('@opentelemetry/sdk-node');
  const sdk = new NodeSDK({
    // The service's name unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES gives one (detected, they win).
    resource: resources.defaultResource().merge(resources.resourceFromAttributes({ 'service.name': SERVICE_NAME })),
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return sdk;
}
