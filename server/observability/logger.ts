import pino, { type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { activeTraceIds } from './tracing';

export type { Logger };

/**
 * Structured JSON logs, each line with the process id (with `WORKERS` > 1 the workers share one output). Secrets
 * and tokens never reach a log line: the redaction list is a second guard behind not logging them in the first place.
 * A line written while a span is active carries its `trace_id` and `span_id`, to find the trace from the log.
 * `pretty`: lines for a person at a terminal instead (development only: see `prettyLogsWanted`).
 */
export function createLogger(level: string, { pretty = false } = {}): Logger {
  const options = {
    level,
    base: { service: 'qr-login', pid: process.pid },
    mixin: activeTraceIds,
    redact: {
      paths: ['secret', 'token', '*.secret', '*.token', 'headers.authorization', 'headers["x-qr-secret"]'],
      censor: '[redacted]',
    },
  };
  const stream = pretty ? prettyStream() : undefined;
  return stream ? pino(options, stream) : pino(options);
}

/** Pretty lines only where a person reads them: a terminal, outside production. Anything else reads JSON. */
export function prettyLogsWanted(production: boolean): boolean {
  return !production && process.stdout.isTTY === true;
}

/**
 * pino-pretty is a development dependency: absent from a production install, where the logs stay JSON. It runs
 * in this thread, synchronously, rather than as a pino transport in a worker thread, so the lines written just
 * before an exit are not lost.
 */
function prettyStream(): DestinationStream | undefined {
  let build: typeof PinoPretty;
  try {
    build = require('pino-pretty');
  } catch {
    return undefined;
  }
  return build({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
}
