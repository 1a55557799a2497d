import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import calculateSlot from 'cluster-key-slot';
import { mobileTokenVerifier, signHs256MobileToken } from './auth/mobile-tokens';
import { sessionTokenIssuer } from './auth/session-tokens';
import { type Config, type Environment, loadConfig } from './config';
import { createDemoRouter } from './demo/routes';
import { rotationPolicy } from './domain';
import { createHttpApp } from './http/app';
import { browserRoutes } from './http/routes/browser';
import { mobileRoutes } from './http/routes/mobile';
import { opsRoutes } from './http/routes/ops';
import { createPagesRouter } from './http/routes/pages';
import { wellKnownRoutes } from './http/routes/well-known';
import { createRateLimits } from './limits/rate-limits';
import { createLogger, type Logger } from './observability/logger';
import { Metrics, metricsAndAuditObserver } from './observability/metrics';
import { attachGateway } from './realtime/gateway';
import { RoomFanout } from './realtime/room-fanout';
import { LoginService } from './service/login-service';
import { warmUpQrImages } from './service/qr-image';
import { MemoryLoginStore } from './store/memory/memory-store';
import type { LoginStore } from './store/port';
import { closeRedisConnections, openRedisConnections, whenReady } from './store/redis/connections';
import { redisKeys } from './store/redis/keys';
import { RedisLoginStore } from './store/redis/redis-store';
import { clientIpResolver } from './transport/client-ip';

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  logger: Logger;
  /** Stops taking work, lets in-flight requests finish (at most `SHUTDOWN_GRACE_MS`), closes sockets and Redis. */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 4_000;
const REDIS_STARTUP_WAIT_MS = 5_000;

function listen(server: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** The composition root: the one place that knows every concrete part and wires them together. */
export async function startServer(env: Environment): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  for (const name of config.generatedSecrets) {
    logger.warn(`${name} is not set: using a random key for this run (tokens will not survive a restart)`);
  }
  // Parts take their settings under the settings' own names, so they are handed the config as it is.
  const sessionTokens = sessionTokenIssuer(config);
  const mobileTokens = mobileTokenVerifier(config);
  const metrics = new Metrics();

  const keys = redisKeys(config.redisKeyPrefix);
  const redis = config.redis
    ? openRedisConnections(config.redis, keys.allChanges, calculateSlot, (error, connection) =>
        logger.warn({ connection, err: error.message }, 'redis error'),
      )
    : undefined;
  const store: LoginStore = redis
    ? new RedisLoginStore({ connections: redis, keyPrefix: config.redisKeyPrefix })
    : new MemoryLoginStore();
  if (redis && !(await whenReady(redis, REDIS_STARTUP_WAIT_MS))) {
    logger.warn('Redis is not reachable yet: answering 503 until it is');
  }
  const limits = createRateLimits(config, keys.rateLimit, redis?.commands);
  const clientIp = clientIpResolver(config.trustedProxies);

  await warmUpQrImages();
  const httpServer = createServer();
  const port = await listen(httpServer, config.port, config.host);
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const publicUrl = config.publicUrl ?? url;

  const service = new LoginService({
    store,
    sessionTokens,
    observer: metricsAndAuditObserver(metrics, logger),
    publicUrl,
    qrTtlSeconds: config.qrTtlSeconds,
    confirmWindowSeconds: config.confirmWindowSeconds,
    exchangeGraceSeconds: config.exchangeGraceSeconds,
    checkCode: config.checkCode,
    rotation: rotationPolicy(config.qrRotateSeconds),
  });

  const routers = [
    opsRoutes(store, metrics),
    wellKnownRoutes(sessionTokens),
    browserRoutes(service, limits, config.pollIntervalMs),
    mobileRoutes(service, mobileTokens, limits.mobileCallsPerUser),
    createPagesRouter(),
  ];
  if (config.demoUsers) {
    routers.push(
      createDemoRouter({ signMobileToken: (claims) => signHs256MobileToken(config.mobileJwtSecret, claims) }),
    );
  }
  const app = createHttpApp({ routers, logger, metrics, corsOrigins: config.corsOrigins, clientIp });
  httpServer.on('request', app.callback());

  const { io, rooms } = attachGateway(
    httpServer,
    (sink) => new RoomFanout(service, sink, (error) => logger.warn({ err: String(error) }, 'resync failed')),
    { service, corsOrigins: config.corsOrigins, logger, metrics, clientIp, limitConnects: limits.socketConnectsPerIp },
  );

  logger.info(
    { url, publicUrl, store: store.kind },
    store.kind === 'memory'
      ? `qr-login listening on ${url} with the embedded in-process store (single instance; set REDIS_URL for Redis)`
      : `qr-login listening on ${url} with Redis (${config.redis?.kind})`,
  );

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // In-flight requests get the grace period; browsers lose their socket and reconnect to another instance.
      const forced = setTimeout(() => httpServer.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
      await io.close();
      clearTimeout(forced);
      rooms.stop();
      await store.close();
      if (redis) await closeRedisConnections(redis);
      logger.info({ watching: rooms.size }, 'qr-login stopped');
    })());

  return { url, port, config, logger, close };
}
