import cluster from 'node:cluster';
import { type RunningServer, startServer } from './compose';
import { type Config, ConfigError, loadConfig } from './config';
import { createLogger } from './observability/logger';
import { superviseWorkers } from './workers';

/** Bad configuration stops the start with one line, before anything is started. */
function configOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`qr-login: bad configuration: ${error.message}\n`);
    process.exit(2);
  }
}

/** One instance from the environment until SIGTERM or SIGINT. */
async function runInstance(): Promise<void> {
  const server: RunningServer = await startServer(process.env);
  const stop = (signal: string) => {
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** `npm start`: one instance, or with WORKERS > 1 a supervisor of that many (each worker runs this file too). */
function main(): void {
  const config = configOrExit();
  if (!cluster.isPrimary || config.workers <= 1) return void runInstance();
  // A secret made up for this run must be the same in every worker, or a token one makes fails on another.
  const made = { SESSION_JWT_SECRET: config.sessionJwtSecret, MOBILE_JWT_SECRET: config.mobileJwtSecret };
  // The demo's key is shared too, and a worker, which sees the shared made-up MOBILE_JWT_SECRET as configured,
  // follows the supervisor's decision on the demo.
  process.env.DEMO_TOKEN_SECRET = config.demoTokenSecret;
  process.env.DEMO_USERS = String(config.demoUsers);
  const logger = createLogger(config.logLevel);
  for (const name of config.generatedSecrets as Array<keyof typeof made>) {
    process.env[name] = made[name];
    logger.warn(`${name} is not set: using a random key for this run, shared by the workers`);
  }
  superviseWorkers(config.workers, logger);
}

main();
