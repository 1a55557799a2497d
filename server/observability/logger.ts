import pino, { type Logger } from 'pino';
import { activeTraceIds } from './tracing';

export type { Logger };

/**
 * Structured JSON logs, each line with the process id (with `WORKERS` > 1 the workers share one output). Secrets
 * and tokens never reach a log line: the redaction list is a second guard behind not logging them in the first place.
 * A line written while a span is active carries its `trace_id` and `span_id`, to find the trace from the log.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'qr-login', pid: process.pid },
    mixin: activeTraceIds,
    redact: {
      paths: ['secret', 'token', '*.secret', '*.token', 'headers.authorization', 'headers["x-qr-secret"]'],
      censor: '[redacted]',
    },
  });
}
