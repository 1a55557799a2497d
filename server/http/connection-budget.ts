import { readFileSync } from 'node:fs';
import { HEALTH_CHECK_RESERVE } from './http-server';

/** Files the process holds besides client connections: Redis connections, logs, the provider's sockets, Node's own. */
const OTHER_FILES = 64;

/**
 * The soft open-file limit (RLIMIT_NOFILE) of this process, from /proc/self/limits; undefined where there is
 * none (not Linux), and then nothing is checked.
 */
export function openFileSoftLimit(read = () => readFileSync('/proc/self/limits', 'utf8')): number | undefined {
  let text: string;
  try {
    text = read();
  } catch {
    return undefined;
  }
  const soft = /^Max open files\s+(\d+|unlimited)\s/m.exec(text)?.[1];
  return soft === undefined || soft === 'unlimited' ? undefined : Number(soft);
}

/**
 * The connection cap that fits the open-file limit with the health-check reserve and the process's other files.
 * A cap that does not fit is lowered, with one warning line, rather than refused: past the limit `accept` fails
 * and health checks go unanswered, while the default cap must still start on a host whose limit is the common
 * 1,024.
 */
export function connectionBudget(
  maxConnections: number,
  softLimit = openFileSoftLimit(),
): { maxConnections: number; warning?: string } {
  if (softLimit === undefined || maxConnections + HEALTH_CHECK_RESERVE + OTHER_FILES <= softLimit) {
    return { maxConnections };
  }
  const fitting = Math.max(1, softLimit - HEALTH_CHECK_RESERVE - OTHER_FILES);
  return {
    maxConnections: fitting,
    warning: `MAX_CONNECTIONS=${maxConnections} does not fit the open-file limit of ${softLimit} (with ${HEALTH_CHECK_RESERVE} kept for health checks and ${OTHER_FILES} for Redis, logs and the rest): using ${fitting}; raise the limit (ulimit -n) to keep ${maxConnections}`,
  };
}
