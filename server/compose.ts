import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import calculateSlot from 'cluster-key-slot';
import { limitBadTokens } from './auth/bad-token-limit';
import { clientAuthenticator } from './auth/client-credentials';
import { mobileTokenVerifier } from './auth/mobile-tokens';
import { sessionTokenIssuer, sessionTokenVerifier } from './auth/session-tokens';
import { type Config, type Environment, loadConfig } from './config';
import { demoTokens } from './demo/demo-tokens';
import { createDemoRouter } from './demo/routes';
import { rotationPolicy } from './domain';
import { createHttpApp } from './http/app';
import { connectionBudget } from './http/connection-budget';
import { createLimitedHttpServer } from './http/http-server';
import { appLinkRoutes } from './http/routes/app-links';
import { browserRoutes } from './http/routes/browser';
import { contractRoutes } from './http/routes/contract';
import { introspectionRoutes } from './http/routes/introspection';
import { landingPageRoutes } from './http/routes/landing-pages';
import { mobileRoutes } from './http/routes/mobile';
import { healthRoutes, metricsRoutes, withinHealthTimeout } from './http/routes/ops';
import { createPagesRouter } from './http/routes/pages';
import { sessionRoutes } from './http/routes/sessions';
import { userCodeRoutes } from './http/routes/user-code';
import { wellKnownRoutes } from './http/routes/well-known';
import { createRateLimits } from './limits/rate-limits';
import { createLogger, type Logger, prettyLogsWanted } from './observability/logger';
import { Metrics, metricsAndAuditObserver } from './observability/metrics';
import { attachGateway } from './realtime/gateway';
import { RoomFanout } from './realtime/room-fanout';
import { LoginService } from './service/login-service';
import { warmUpQrImages } from './service/qr-image';
import { NO_REVOCATION_NOTIFIER } from './service/revocation-notifier';
import { SessionService } from './service/session-service';
import type { AuditTrail } from './store/audit-port';
import { MemoryAuditTrail } from './store/memory/memory-audit-trail';
import { MemorySessionStore } from './store/memory/memory-session-store';
import { MemoryLoginStore } from './store/memory/memory-store';
import type { LoginStore } from './store/port';
import { closeRedisConnections, openRedisConnections, whenReady } from './store/redis/connections';
import { redisKeys } from './store/redis/keys';
import { RedisAuditTrail } from './store/redis/redis-audit-trail';
import { RedisSessionStore } from './store/redis/redis-session-store';
import { RedisLoginStore } from './store/redis/redis-store';
import type { SessionStore } from './store/session-port';
import { clientIpResolver, isTrustedProxy } from './transport/client-ip';
import { RevocationWebhook } from './webhooks/revocation-webhook';

export interface RunningServer {
  url: string;
  port: number;
  /** Where `/metrics` is served when `METRICS_PORT` is set. */
  metricsUrl?: string;
  config: Config;
  logger: Logger;
  /** Stops taking work, lets in-flight requests finish (at most `SHUTDOWN_GRACE_MS`), closes sockets and Redis. */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 4_000;
const REDIS_STARTUP_WAIT_MS = 5_000;
/** Each webhook attempt gets 5 s; 4 attempts 1, 2 and 4 s apart: given up about 27 s after a revocation at most. */
const WEBHOOK_DELIVERY = { timeoutMs: 5_000, attempts: 4, backoffMs: 1_000 };

const httpUrl = (host: string, port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

function closeListener(server: HttpServer): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function listen(server: HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** The composition root: the one place that knows every concrete part and wires them together. */
export async function startServer(env: Environment): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel, { pretty: prettyLogsWanted(config.production) });
  for (const name of config.generatedSecrets) {
    logger.warn(`${name} is not set: using a random key for this run (tokens will not survive a restart)`);
  }
  for (const warning of config.warnings) logger.warn(warning);
  // Parts take their settings under the settings' own names, so they are handed the config as it is.
  const sessionTokens = sessionTokenIssuer(config);
  const metrics = new Metrics();

  const keys = redisKeys(config.redisKeyPrefix);
  const redis = config.redis
    ? openRedisConnections(config.redis, keys.allChanges, calculateSlot, (error, connection) => {
        metrics.redisErrors.inc({ connection });
        logger.warn({ connection, err: error.message }, 'redis error');
      })
    : undefined;
  const store: LoginStore = redis
    ? new RedisLoginStore({
        connections: redis,
        keyPrefix: config.redisKeyPrefix,
        changeMessageKey: config.changeMessages === 'state' ? config.changeMessageKey : undefined,
      })
    : new MemoryLoginStore();
  const sessionStore: SessionStore = redis
    ? new RedisSessionStore({ redis: redis.commands, keyPrefix: config.redisKeyPrefix })
    : new MemorySessionStore();
  const auditTrail: AuditTrail = redis
    ? new RedisAuditTrail(redis.commands, config.redisKeyPrefix, config)
    : new MemoryAuditTrail(config);
  if (redis && !(await whenReady(redis, REDIS_STARTUP_WAIT_MS))) {
    logger.warn('Redis is not reachable yet: answering 503 until it is');
  }
  const limits = createRateLimits(config, keys.rateLimit, redis?.commands);
  const demo = demoTokens(config.demoTokenSecret);
  const configuredTokens = mobileTokenVerifier(config);
  const mobileTokens = limitBadTokens(
    config.demoUsers ? demo.acceptedBeside(configuredTokens) : configuredTokens,
    limits.badTokensPerIp,
  );
  const clientIp = clientIpResolver(config.trustedProxies);

  await warmUpQrImages();
  const budget = connectionBudget(config.maxConnections);
  if (budget.warning) logger.warn(budget.warning);
  const { server: httpServer, overCapacity } = createLimitedHttpServer({
    ...config,
    maxConnections: budget.maxConnections,
    isTrustedProxy: isTrustedProxy(config.trustedProxies),
  });
  const port = await listen(httpServer, config.port, config.host);
  const url = httpUrl(config.host, port);
  const publicUrl = config.publicUrl ?? url;

  const webhook =
    config.revocationWebhookUrl && config.revocationWebhookSecret
      ? new RevocationWebhook({
          url: config.revocationWebhookUrl,
          secret: config.revocationWebhookSecret,
          ...WEBHOOK_DELIVERY,
          onGiveUp: (event, reason) => logger.warn({ event: event.id, reason }, 'revocation webhook given up'),
        })
      : undefined;
  const sessions = new SessionService({
    sessions: sessionStore,
    audit: auditTrail,
    tokens: sessionTokenVerifier(config),
    revocations: webhook ?? NO_REVOCATION_NOTIFIER,
    policy: config,
    ownOrigin: new URL(publicUrl).origin,
    onAuditFailure: (error) => logger.warn({ err: String(error) }, 'audit event not written'),
  });
  const service = new LoginService({
    store,
    sessionTokens,
    sessions,
    observer: metricsAndAuditObserver(metrics, logger),
    qrContent: (id) => config.qrContentTemplate.replaceAll('{publicUrl}', publicUrl).replace('{id}', id),
    qrTtlSeconds: config.qrTtlSeconds,
    confirmWindowSeconds: config.confirmWindowSeconds,
    exchangeGraceSeconds: config.exchangeGraceSeconds,
    checkCode: config.checkCode,
    rotation: rotationPolicy(config.qrRotateSeconds),
    site: { name: config.siteName, ownOrigin: new URL(publicUrl).origin },
    geolocator: config.geoipDatabase,
  });

  const routers = [
    healthRoutes(store),
    wellKnownRoutes(sessionTokens),
    browserRoutes(service, limits, config.pollIntervalMs, config.corsOrigins),
    mobileRoutes(service, mobileTokens, limits.mobileCallsPerUser),
    userCodeRoutes(service, mobileTokens, limits, (scope) => {
      metrics.userCodeLimitTrips.inc({ scope });
      if (scope === 'overall') {
        logger.warn(
          'Wrong typed codes reached the service-wide limit: typed codes wait a minute; someone may be guessing',
        );
      }
    }),
    sessionRoutes(sessions, mobileTokens, limits.mobileCallsPerUser),
    appLinkRoutes(config),
    createPagesRouter({ demoPages: config.demoUsers }),
    contractRoutes(),
  ];
  if (!config.demoUsers) routers.push(landingPageRoutes(config));
  if (config.metricsPort === undefined) routers.push(metricsRoutes(metrics));
  if (config.introspectionClientId && config.introspectionClientSecret) {
    const client = { id: config.introspectionClientId, secret: config.introspectionClientSecret };
    routers.push(
      introspectionRoutes(sessions, clientAuthenticator(client), {
        failuresPerIp: limits.introspectionFailuresPerIp,
        callsOfClient: limits.introspectionsPerClient,
      }),
    );
  }
  if (config.demoUsers) {
    routers.push(createDemoRouter({ signMobileToken: demo.sign }));
  }
  const app = createHttpApp({ routers, logger, metrics, corsOrigins: config.corsOrigins, clientIp, overCapacity });
  httpServer.on('request', app.callback());

  let metricsServer: HttpServer | undefined;
  let metricsUrl: string | undefined;
  if (config.metricsPort !== undefined) {
    const metricsApp = createHttpApp({ routers: [metricsRoutes(metrics)], logger, metrics, corsOrigins: [], clientIp });
    metricsServer = createServer(metricsApp.callback());
    metricsUrl = httpUrl(config.host, await listen(metricsServer, config.metricsPort, config.host));
  }

  const { io, rooms } = attachGateway(
    httpServer,
    (sink) =>
      new RoomFanout(
        service,
        sink,
        (error) => logger.warn({ err: String(error) }, 'resync failed'),
        Date.now,
        (delayMs) => metrics.pushDelay.observe(delayMs / 1000),
      ),
    {
      service,
      corsOrigins: config.corsOrigins,
      logger,
      metrics,
      clientIp,
      limitConnects: limits.socketConnectsPerIp,
      limitHandshakes: limits.socketHandshakesPerIp,
      joinTimeoutMs: config.socketJoinTimeoutMs,
      heartbeat: {
        intervalMs: config.socketPingIntervalSeconds * 1000,
        timeoutMs: config.socketPingTimeoutSeconds * 1000,
      },
      overCapacity,
    },
  );

  metrics.countLiveWith({
    watchedLogins: () => rooms.size,
    engineSessions: () => io.engine.clientsCount,
    ready: () =>
      withinHealthTimeout(store.ready()).then(
        () => true,
        () => false,
      ),
  });

  logger.info(
    { url, publicUrl, metricsUrl, store: store.kind },
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
      if (metricsServer) await closeListener(metricsServer);
      await store.close();
      await webhook?.close();
      if (redis) await closeRedisConnections(redis);
      logger.info({ watching: rooms.size }, 'qr-login stopped');
    })());

  return { url, port, metricsUrl, config, logger, close };
}
