import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';

/** The W3C trace context fields a change message may carry: `traceparent` and, when there is one, `tracestate`. */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

/** W3C caps `tracestate` at 512 characters; `traceparent` is 55 today, a later version may add a little. */
const MAX_TRACEPARENT = 128;
const MAX_TRACESTATE = 512;

/** The trace the current move belongs to, to send with its change message; undefined when nothing is traced. */
export function activeTraceCarrier(): TraceCarrier | undefined {
  const fields: Record<string, string> = {};
  propagation.inject(context.active(), fields);
  return toTraceCarrier(fields);
}

/** The carrier a message holds, if it is one (strings of bounded length; the propagator checks their syntax). */
export function toTraceCarrier(value: unknown): TraceCarrier | undefined {
  const { traceparent, tracestate } = Object(value) as Record<string, unknown>;
  if (typeof traceparent !== 'string' || traceparent.length > MAX_TRACEPARENT) return undefined;
  if (typeof tracestate === 'string' && tracestate.length <= MAX_TRACESTATE) return { traceparent, tracestate };
  return { traceparent };
}

/**
 * Runs `listener` in the trace a change message carried, so what it does (the push) joins the move's trace; a
 * message without one runs in the root context, never in whatever happened to be active on the connection.
 */
export function inCarriedTrace(carrier: TraceCarrier | undefined, listener: () => void): void {
  context.with(carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT, listener);
}
