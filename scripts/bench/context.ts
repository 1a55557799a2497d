import {
  type ArmKind,
  benchMobileJwtSecret,
  isQrLogin,
  type Service,
  type ServiceOptions,
  startService,
} from './arms/services';
import { type GeneratorPool, share } from './gen/pool';
import type { Command, ConnectResult, CreateResult, ScanResult } from './gen/protocol';
import type { GeneratorHealth } from './lib/health';
import { mergeEncoded, summariseMs } from './lib/histogram';
import { measureForeignLoad, measureProcesses } from './lib/proc';
import type { ThrowawayRedis } from './lib/redis';
import type { Table } from './lib/table';
import type { BenchOptions } from './options';

/** Shared state of one benchmark invocation: Redis, generators, options and everything measured. */
export class Bench {
  readonly tables: Table[] = [];
  readonly raw: Record<string, unknown[]> = {};
  private serviceCount = 0;
  private addressBlock = 0;

  constructor(
    readonly options: BenchOptions,
    readonly redis: ThrowawayRedis,
    readonly pool: GeneratorPool,
  ) {}

  record(scenario: string, entry: unknown): void {
    (this.raw[scenario] ??= []).push(entry);
  }

  /** Server CPU/RSS across `phase`, plus how much CPU the rest of the shared machine took meanwhile. */
  async measure<T>(serverPids: number[], phase: () => Promise<T>) {
    const ours = [...serverPids, ...this.pool.pids, this.redis.pid, process.pid];
    const { result: measured, foreignCores } = await measureForeignLoad(ours, () =>
      measureProcesses(serverPids, phase),
    );
    return { ...measured, foreignCores };
  }

  log(message: string): void {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  }

  /** Starts a service, points every generator at it, runs `body`, and always cleans both up. */
  async withService<T>(
    kind: ArmKind,
    body: (service: Service) => Promise<T>,
    extra: Partial<ServiceOptions> = {},
  ): Promise<T> {
    const label = `${kind}-${++this.serviceCount}`;
    const nodeFlags = isQrLogin(kind) ? this.options.serverNodeFlags : [];
    const env = { ...(isQrLogin(kind) ? this.options.qrEnv : {}), ...extra.env };
    const service = await startService(
      kind,
      { redisUrl: this.redis.url, label, nodeFlags, ...extra, env },
      this.options.qrEnv,
    );
    try {
      await this.pointGenerators(kind, service.url, service.url);
      return await body(service);
    } finally {
      await this.pool.all(() => ({ op: 'reset' }));
      await service.stop();
    }
  }

  pointGenerators(kind: ArmKind, browserUrl: string, phoneUrl: string) {
    return this.pool.all((workerIndex) => ({
      op: 'init',
      kind,
      browserUrl,
      phoneUrl,
      mobileJwtSecret: benchMobileJwtSecret,
      workerIndex,
    }));
  }

  /**
   * Several instances of one service: generator i keeps its browsers on `urls[i % n]` and sends its
   * phones to the next instance, so the browsers are spread over the instances and every confirm is
   * made at an instance other than the one holding its browser.
   */
  pointGeneratorsAcross(kind: ArmKind, urls: string[]) {
    return this.pool.all((workerIndex) => ({
      op: 'init',
      kind,
      mobileJwtSecret: benchMobileJwtSecret,
      workerIndex,
      browserUrl: urls[workerIndex % urls.length]!,
      phoneUrl: urls[(workerIndex + 1) % urls.length]!,
    }));
  }

  /**
   * Fresh loopback source addresses for each batch of connections, one per generator, so that
   * 20,000 sockets never run out of ephemeral ports and TIME_WAIT from an earlier arm never collides.
   */
  nextLocalAddresses(): string[] {
    this.addressBlock = (this.addressBlock % 250) + 1;
    return this.pool.pids.map((_, index) => `127.${this.addressBlock}.${index + 1}.1`);
  }

  /** Creates `total` logins without an image as the waiting population; untimed setup. */
  async createPopulation(total: number, ratePerSecond = 1500): Promise<number> {
    const { results } = await this.pool.all<CreateResult>((index) => ({
      op: 'create',
      count: share(total, this.pool.size, index),
      ratePerSecond: ratePerSecond / this.pool.size,
      warmupCount: 0,
      image: 'none',
      keep: true,
    }));
    const created = results.reduce((sum, one) => sum + one.ok, 0);
    if (created < total)
      this.log(`only ${created} of ${total} logins created: ${JSON.stringify(results.map((one) => one.errors))}`);
    return created;
  }

  async connectPopulation(concurrencyPerGenerator = 100) {
    const addresses = this.nextLocalAddresses();
    const { results, health } = await this.pool.all<ConnectResult>((index) => ({
      op: 'connect',
      concurrency: concurrencyPerGenerator,
      localAddress: addresses[index]!,
    }));
    const connected = results.reduce((sum, one) => sum + one.connected, 0);
    const failed = results.reduce((sum, one) => sum + one.failed, 0);
    if (failed) this.log(`${failed} browsers failed to connect: ${JSON.stringify(results.map((one) => one.errors))}`);
    return {
      connected,
      failed,
      latency: summariseMs(mergeEncoded(results.map((one) => one.latency))),
      health,
      results,
    };
  }

  /** Phones scan `total` logins: as fast as 32 at a time per generator, or open loop at an aggregate rate. */
  scan(total: number, pace: { ratePerSecond?: number; awaitPushMs?: number } = {}) {
    return this.pool.all<ScanResult>((index) => ({
      op: 'scan',
      count: share(total, this.pool.size, index),
      concurrency: 32,
      ratePerSecond: pace.ratePerSecond && pace.ratePerSecond / this.pool.size,
      awaitPushMs: pace.awaitPushMs,
    }));
  }

  /** Splits an aggregate rate and count over the generators, each running its own open-loop schedule. */
  spread(
    total: number,
    ratePerSecond: number,
    warmupCount: number,
    build: (count: number, rate: number, warmup: number) => Command,
  ) {
    return (index: number) =>
      build(
        share(total, this.pool.size, index),
        ratePerSecond / this.pool.size,
        share(warmupCount, this.pool.size, index),
      );
  }
}

export function healthNote(health: GeneratorHealth): string {
  return `${health.overloaded ? 'OVERLOADED ' : ''}gen cpu ${health.cpuPercent.toFixed(0)}%, loop p99 ${health.loopDelayP99Ms.toFixed(1)} ms`;
}
