import { type RunningServer, startServer } from './compose';
import { ConfigError } from './config';

/** `npm start`: run one instance from the environment until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`qr-login: bad configuration: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
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

void main();
