import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type RunningServer, startServer } from './compose';
import { type Config, ConfigError, loadConfig } from './config';
import { createLogger, prettyLogsWanted } from './observability/logger';
import { startTracing } from './observability/tracing-sdk';
import { superviseWorkers } from './workers';

/**
 * `--dotenv=<path>` (`npm start` passes `.env`): its variables are read when the file is there, and a variable
 * already in the environment wins. Node's own loader: `process.loadEnvFile` is in Node 20.12+, while the
 * `--env-file-if-exists` flag came to Node 20 only after 20.19, the oldest version this service supports (and
 * Node 20 takes an `--env-file` anywhere on the command line as its own, failing on a missing file).
 * An argument, not a default (npm start, start:prod and the container pass it), so a process started any other
 * way, as the tests start it, never picks up a stray file.
 */
function readEnvFile(): void {
  const { values } = parseArgs({ options: { dotenv: { type: 'string' } }, strict: false });
  const path = values.dotenv;
  if (typeof path === 'string' && existsSync(path)) process.loadEnvFile(path);
}

/** Bad configuration stops the start before anything is started, naming every problem, and exits 2. */
function configOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const count = error.problems.length === 1 ? 'one problem' : `${error.problems.length} problems`;
    const lines = error.problems.map(({ variable, problem }) => `  ${variable}: ${problem}\n`).join('');
    process.stderr.write(
      `qr-login: bad configuration, ${count} (nothing was started; see docs/configuration.md):\n${lines}`,
    );
    process.exit(2);
  }
}

/**
 * One instance from the environment until SIGTERM or SIGINT. Tracing (the `OTEL_*` variables) starts first, as
 * the SDK is one per process and must be in place before the parts whose work it traces; it is flushed last.
 */
async function runInstance(config: Config): Promise<void> {
  // Listened for before anything starts: a stop asked for while the instance is still starting is kept, and
  // carried out once it is up, instead of ending the process with nothing closed.
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const tracing = await startTracing(process.env, createLogger(config.logLevel));
  const server: RunningServer = await startServer(process.env);
  if (tracing) server.logger.info('tracing on: spans are exported as the OTEL_* variables say');
  const signal = await signalled;
  server.logger.info({ signal }, 'shutting down');
  server
    .close()
    // Spans still queued go out now; a collector that is away must not turn a clean stop into a failed one.
    .then(() => tracing?.shutdown().catch((error) => server.logger.warn({ err: String(error) }, 'spans lost')))
    .then(
      () => process.exit(0),
      (error) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
}

/** `npm start`: one instance, or with WORKERS > 1 a supervisor of that many (each worker runs this file too). */
function main(): void {
  readEnvFile();
  const config = configOrExit();
  if (!cluster.isPrimary || config.workers <= 1) return void runInstance(config);
  // A secret made up for this run must be the same in every worker, or a token one makes fails on another.
  const made = { SESSION_JWT_SECRET: config.sessionJwtSecret, MOBILE_JWT_SECRET: config.mobileJwtSecret };
  // The demo's key is shared too, and a worker, which sees the shared made-up MOBILE_JWT_SECRET as configured,
  // follows the supervisor's decision on the demo.
  process.env.DEMO_TOKEN_SECRET = config.demoTokenSecret;
  process.env.DEMO_USERS = String(config.demoUsers);
  const logger = createLogger(config.logLevel, { pretty: prettyLogsWanted(config.production) });
  for (const name of config.generatedSecrets as Array<keyof typeof made>) {
    process.env[name] = made[name];
    logger.warn(`${name} is not set: using a random key for this run, shared by the workers`);
  }
  superviseWorkers(config.workers, logger);
}

main();
