import { type Attributes, type Context, context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * Spans of our own steps, through `@opentelemetry/api` alone: with no SDK started (no `OTEL_*` variable set) every
 * call here is the API's no-op, so the code paths are the same with tracing on or off.
 */
const tracer = trace.getTracer('qr-login');

export { SpanKind };

/** The ids a log line carries while a span is active (none when tracing is off). */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/** Marks `span` failed by `error`: its refusal code (a LoginError's) or its class names the kind of failure. */
function recordFailure(span: Span, error: unknown): void {
  const code = (error as { code?: unknown })?.code;
  span.setAttribute('error.type', typeof code === 'string' ? code : ((error as Error)?.name ?? 'Error'));
  span.setStatus({ code: SpanStatusCode.ERROR });
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The span's parent; the active context when left out. */
  parent?: Context;
}

/**
 * Runs `work` inside a new span, active for everything it starts; the span ends when `work` returns or, when it
 * returns a promise, when that settles. A throw or a rejection marks the span failed and goes on to the caller.
 */
export function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => T): T {
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  const fail = (error: unknown): never => {
    recordFailure(span, error);
    span.end();
    throw error;
  };
  let result: T;
  try {
    result = context.with(trace.setSpan(parent, span), work, undefined, span);
  } catch (error) {
    return fail(error);
  }
  if (!(result instanceof Promise)) {
    span.end();
    return result;
  }
  return result.then((value: unknown) => {
    span.end();
    return value;
  }, fail) as T;
}
