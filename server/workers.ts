import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './observability/logger';

/** A worker that dies after it served is replaced after this pause, so a crash loop cannot spin the CPU. */
const REPLACE_AFTER_MS = 1_000;

/**
 * `WORKERS` > 1: this process only supervises. It forks one worker per slot, each a full instance (`runInstance`
 * in the worker) sharing the listening port through node:cluster and the state through Redis. A worker that
 * dies after it listened is replaced; one that dies before it ever listened cannot start, and neither could
 * its replacement, so everything stops with code 1. SIGTERM/SIGINT are passed on and the supervisor exits
 * once every worker has finished its own graceful stop.
 */
export function superviseWorkers(count: number, logger: Logger): void {
  const listened = new WeakSet<Worker>();
  let stopping = false;
  let exitCode = 0;
  cluster.on('listening', (worker) => listened.add(worker));
  cluster.on('exit', (worker, code, signal) => {
    const remaining = Object.keys(cluster.workers ?? {}).length;
    if (stopping) {
      if (remaining === 0) process.exit(exitCode);
      return;
    }
    if (!listened.has(worker)) {
      logger.error({ pid: worker.process.pid, code, signal }, 'a worker could not start: stopping');
      exitCode = 1;
      stop();
      if (remaining === 0) process.exit(exitCode);
      return;
    }
    logger.warn({ pid: worker.process.pid, code, signal }, 'a worker died: starting another');
    setTimeout(() => stopping || cluster.fork(), REPLACE_AFTER_MS).unref();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  logger.info({ workers: count }, `qr-login starting ${count} workers`);
  for (let n = 0; n < count; n += 1) cluster.fork();
}
