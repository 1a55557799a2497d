import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Action, Login, Refusal } from '../domain';
import type { LoginObserver } from '../service/login-observer';

/** Counts read when metrics are scraped rather than kept up to date. */
export interface LiveCounts {
  watchedLogins(): number;
  engineSessions(): number;
  /** What `/readyz` would answer now (bounded in time by the caller). */
  ready(): Promise<boolean>;
}

/** The Prometheus metrics of one server. A registry each, so several servers can live in one process (tests). */
export class Metrics {
  readonly registry = new Registry();
  readonly loginsCreated = new Counter({
    name: 'qr_logins_created_total',
    help: 'QR logins created',
    registers: [this.registry],
  });
  readonly transitions = new Counter({
    name: 'qr_login_transitions_total',
    help: 'QR login state changes made by this instance, by the state entered',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'qr_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: 'qr_login_refusals_total',
    help: 'Moves refused, by action and reason (forbidden scans hint at relayed QR codes)',
    labelNames: ['action', 'reason'] as const,
    registers: [this.registry],
  });
  readonly userCodeLimitTrips = new Counter({
    name: 'qr_user_code_limit_trips_total',
    help: 'Times the allowance of wrong typed codes was spent, per client address or across the service (guessing)',
    labelNames: ['scope'] as const,
    registers: [this.registry],
  });
  readonly socketsConnected = new Gauge({
    name: 'qr_sockets_connected',
    help: 'Browser sockets waiting on this instance',
    registers: [this.registry],
  });
  private counts: LiveCounts = {
    watchedLogins: () => 0,
    engineSessions: () => 0,
    ready: async () => true,
  };
  readonly watchedLogins: Gauge = new Gauge({
    name: 'qr_watched_logins',
    help: 'Logins that browsers wait on at this instance (the fan-out re-reads these after a gap)',
    registers: [this.registry],
    collect: () => {
      this.watchedLogins.set(this.counts.watchedLogins());
    },
  });
  readonly engineSessions: Gauge = new Gauge({
    name: 'qr_engine_sessions',
    help: 'Engine.IO sessions open at this instance, joined to /qr or not yet',
    registers: [this.registry],
    collect: () => {
      this.engineSessions.set(this.counts.engineSessions());
    },
  });
  readonly redisErrors = new Counter({
    name: 'qr_redis_errors_total',
    help: 'Errors on the Redis connections (commands, or the change subscription)',
    labelNames: ['connection'] as const,
    registers: [this.registry],
  });
  readonly ready: Gauge = new Gauge({
    name: 'qr_ready',
    help: 'Whether this instance can serve (1) or not (0): Redis answers and the change subscription is live, as /readyz',
    registers: [this.registry],
    collect: async () => {
      this.ready.set((await this.counts.ready()) ? 1 : 0);
    },
  });
  readonly pushDelay = new Histogram({
    name: 'qr_push_delay_seconds',
    help: 'From this instance hearing of a change (its own move or a Redis change message) to pushing it to the sockets waiting here',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly pushes = new Counter({
    name: 'qr_state_pushes_total',
    help: 'State changes pushed into local Socket.IO rooms, by state',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  /** Where the gauges read at each scrape come from. */
  countLiveWith(counts: LiveCounts): void {
    this.counts = counts;
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

export interface AuditLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Counts what the service does and writes one audit line per change (id, state, user, IP; never a secret). */
export function metricsAndAuditObserver(metrics: Metrics, audit: AuditLog): LoginObserver {
  return {
    created(login: Login) {
      metrics.loginsCreated.inc();
      audit.info({ id: login.id, state: login.state, ip: login.requester.ip }, 'qr login created');
    },
    transitioned(login: Login, action: Action, callerIp: string) {
      metrics.transitions.inc({ state: login.state });
      audit.info(
        { id: login.id, action, state: login.state, version: login.version, userId: login.user?.id, ip: callerIp },
        'qr login changed',
      );
    },
    refused(id: string, action: Action, refusal: Refusal, callerIp: string) {
      metrics.refusals.inc({ action, reason: refusal.reason });
      if (action === 'scan' && refusal.reason === 'forbidden') {
        audit.warn({ id, action, ip: callerIp }, 'qr login scanned by a second user: a relayed QR code?');
      }
    },
    wrongCheckCode(login: Login, callerIp: string) {
      metrics.refusals.inc({ action: 'confirm', reason: 'wrong_check_code' });
      audit.warn(
        { id: login.id, action: 'confirm', state: login.state, userId: login.user?.id, ip: callerIp },
        'qr login denied: the phone picked a wrong check code (a relayed QR code?)',
      );
    },
  };
}
