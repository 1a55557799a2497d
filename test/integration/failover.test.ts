import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import calculateSlot from 'cluster-key-slot';
import Redis from 'ioredis';
import { closeRedisConnections, openRedisConnections } from '../../server/store/redis/connections';
import { redisKeys } from '../../server/store/redis/keys';
import { connectBrowser, type WaitingBrowser } from '../support/browser-socket';
import { eventually } from '../support/eventually';
import { confirmWhileKillingSubscribers } from '../support/flows';
import type { Exchange } from '../support/http-request';
import { QrApi } from '../support/qr-api';
import { startRedisCluster, type ThrowawayCluster } from '../support/redis-cluster';
import { targetOf } from '../support/redis-engines';
import { startRedisSentinels, type ThrowawaySentinels } from '../support/redis-sentinel';
import { kill } from '../support/redis-server';
import { startTestServer, uniquePrefix } from '../support/server';

/** What one run of confirms and token exchanges through a crashed primary left behind, for docs/security.md. */
interface FailoverReport {
  engine: string;
  logins: number;
  /** Confirms answered 200 whose state was gone after the failover (the write had not reached the replica). */
  acknowledgedConfirmsLost: number;
  /** Exchanges answered 200 whose `consumed` was gone after the failover. */
  acknowledgedExchangesLost: number;
  /** Logins that handed out two different session tokens. */
  doubleTokens: number;
  /** Requests answered 503 while the engine failed over (the phone or browser retries them). */
  unavailableAnswers: number;
  /** A writer INCRementing one counter in the crashed shard through the crash, 16 at a time. */
  counterWritesAcknowledged: number;
  /** What the counter held after the failover: acknowledged minus this is what was lost at least. */
  counterWritesSurviving: number;
  /** From the crash until every login could be confirmed again (ms). */
  recoveryMs: number;
}

const LOGINS = 24;
const RETRY_FOR_MS = 30_000;

/** Retries a request the service answered 503 (Redis failing over), as a phone app or the SDK does. */
async function untilAnswered<T>(
  request: () => Promise<Exchange<T>>,
  counter: { unavailable: number },
): Promise<Exchange<T>> {
  const deadline = Date.now() + RETRY_FOR_MS;
  for (;;) {
    const reply = await request();
    if (reply.status !== 503 || Date.now() > deadline) return reply;
    counter.unavailable += 1;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Phones confirm and browsers exchange their tokens on two instances while `crash` kills the primary that
 * serves a login in the middle of the run; then checks what must survive any failover: every login ends confirmed and
 * consumed once (no double token, none stuck), every waiting browser was told the final state or lost its
 * socket with an error, and measures what asynchronous replication lost.
 */
async function confirmsThroughFailover(
  engine: string,
  env: Record<string, string>,
  crash: (loginKey: string) => Promise<void>,
): Promise<FailoverReport> {
  const prefix = uniquePrefix();
  const sockets = await startTestServer({ ...env, REDIS_KEY_PREFIX: prefix });
  const phones = await startTestServer({ ...env, REDIS_KEY_PREFIX: prefix });
  const keys = redisKeys(prefix);
  const counter = { unavailable: 0 };
  const browsers: WaitingBrowser[] = [];
  try {
    const api = new QrApi(phones.url);
    const other = new QrApi(sockets.url);
    const logins = await Promise.all(Array.from({ length: LOGINS }, () => api.createLogin()));
    browsers.push(
      ...(await Promise.all(
        logins.map((login) => connectBrowser(sockets.url, { id: login.id, secret: login.secret })),
      )),
    );
    const errors = browsers.map(
      (browser) => new Promise<string>((resolve) => browser.socket.once('disconnect', resolve)),
    );
    const users = logins.map((_, n) => phones.mobileToken(`user-${n}`));
    for (const [n, login] of logins.entries()) expect((await api.scan(login.id, users[n]!)).status).toBe(200);
    // Each phone picks the number its browser was pushed once scanned, read before the crash as a person would.
    const picks = (await Promise.all(browsers.map((browser) => browser.waitForState('scanned')))).map(
      ({ checkCode }) => ({ json: { checkCode } }),
    );

    const confirmed = new Set<string>();
    const tokens = new Map<string, string[]>();
    let crashedAt = 0;
    let crashed: Promise<void> | undefined;
    let probe: ReturnType<typeof replicationProbe> | undefined;
    let next = 0;
    // Four phones at a time; the crash comes when a third of the logins are done, while the others are in flight.
    const lane = async () => {
      for (let n = next++; n < LOGINS; n = next++) {
        if (n === LOGINS / 3) {
          crashedAt = Date.now();
          probe = replicationProbe(env, `${keys.login(logins[n]!.id)}:probe`);
          crashed = crash(keys.login(logins[n]!.id));
        }
        const login = logins[n]!;
        const confirm = await untilAnswered(() => api.confirm(login.id, users[n]!, picks[n]), counter);
        if (confirm.status === 200) confirmed.add(login.id);
        const exchange = await untilAnswered(() => other.token(login.id, login.secret), counter);
        if (exchange.status === 200) tokens.set(login.id, [exchange.body.token]);
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    await crashed;

    // After the failover: whatever was lost is redone the way a user would (confirm again, exchange again).
    let recoveredAt = 0;
    let lostConfirms = 0;
    let lostExchanges = 0;
    for (const [n, login] of logins.entries()) {
      const status = await untilAnswered(() => other.status(login.id, login.secret), counter);
      const state = status.body.state;
      if (state === 'scanned') {
        if (confirmed.has(login.id)) lostConfirms += 1;
        expect((await untilAnswered(() => api.confirm(login.id, users[n]!, picks[n]), counter)).status).toBe(200);
      }
      if (state !== 'consumed') {
        if (tokens.has(login.id)) lostExchanges += 1;
        const again = await untilAnswered(() => other.token(login.id, login.secret), counter);
        expect(again.status).toBe(200);
        tokens.set(login.id, [...(tokens.get(login.id) ?? []), again.body.token]);
      }
      // Nothing stuck: every login is consumed now, and another exchange on the other instance is refused or,
      // within the exchange grace, answered with the very same token.
      expect((await untilAnswered(() => other.status(login.id, login.secret), counter)).body.state).toBe('consumed');
      const repeat = await untilAnswered(() => api.token(login.id, login.secret), counter);
      if (repeat.status === 200) tokens.get(login.id)!.push(repeat.body.token);
      else expect(repeat.status).toBe(409);
    }
    recoveredAt = Date.now();
    const written = await probe!.stop();

    // Every browser was told the final state, or lost its socket (the SDK then reconnects and reads it).
    await Promise.all(
      browsers.map((browser, n) =>
        Promise.race([browser.waitForState('consumed', RETRY_FOR_MS), errors[n]!.then(() => undefined)]),
      ),
    );
    return {
      engine,
      logins: LOGINS,
      acknowledgedConfirmsLost: lostConfirms,
      acknowledgedExchangesLost: lostExchanges,
      doubleTokens: [...tokens.values()].filter((list) => new Set(list).size > 1).length,
      unavailableAnswers: counter.unavailable,
      recoveryMs: recoveredAt - crashedAt,
      counterWritesAcknowledged: written.acknowledged,
      counterWritesSurviving: written.surviving,
    };
  } finally {
    for (const browser of browsers) browser.close();
    await Promise.all([sockets.close(), phones.close()]);
  }
}

/**
 * Counts INCRs on `key` acknowledged through a crash (16 writers, each retrying what failed), and what the
 * counter holds afterwards: every acknowledged write the new primary lacks was lost by asynchronous replication.
 */
function replicationProbe(env: Record<string, string>, key: string) {
  const connections = openRedisConnections(targetOf(env), [], calculateSlot, () => undefined);
  let running = true;
  let acknowledged = 0;
  const writer = async () => {
    while (running) {
      try {
        await connections.commands.incr(key);
        acknowledged += 1;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  };
  const writers = Array.from({ length: 16 }, writer);
  return {
    async stop(): Promise<{ acknowledged: number; surviving: number }> {
      running = false;
      await Promise.all(writers);
      const surviving = Number(await connections.commands.get(key));
      await closeRedisConnections(connections);
      return { acknowledged, surviving };
    },
  };
}

function record(report: FailoverReport): void {
  const dir = join(__dirname, '..', '..', 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `failover-${report.engine}.json`), JSON.stringify(report, null, 2));
}

describe('a Redis Cluster primary killed during confirms', () => {
  let cluster: ThrowawayCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ nodeTimeoutMs: 1_000 });
  }, 60_000);
  afterAll(() => cluster.stop());

  it("re-reads what browsers wait on whenever a shard's subscription drops, so every browser still hears confirmed", async () => {
    const env = { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.seeds, REDIS_KEY_PREFIX: uniquePrefix() };
    const sockets = await startTestServer(env);
    const phones = await startTestServer(env);
    const admins = cluster.nodes.map((node) => new Redis(node.port, '127.0.0.1'));
    try {
      const browsers = await confirmWhileKillingSubscribers(sockets, phones, admins, 50, 15_000);
      for (const browser of browsers) browser.close();
    } finally {
      for (const admin of admins) admin.disconnect();
      await Promise.all([sockets.close(), phones.close()]);
    }
  }, 90_000);

  it('promotes its replica; no login is stuck, none hands out two tokens, every browser hears the end', async () => {
    const report = await confirmsThroughFailover(
      'cluster',
      { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.seeds },
      async (key) => {
        const primary = await cluster.primaryFor(key);
        await kill(primary.process);
        await eventually(async () => (await cluster.primaryFor(key).catch(() => primary)) !== primary, 20_000);
      },
    );
    record(report);
    expect(report.doubleTokens).toBe(0);
  }, 120_000);
});

describe('a Sentinel failover during confirms', () => {
  let sentinels: ThrowawaySentinels;
  beforeAll(async () => {
    sentinels = await startRedisSentinels({ downAfterMs: 1_000 });
  }, 60_000);
  afterAll(() => sentinels.stop());

  it('follows the new primary by itself; no login is stuck, none hands out two tokens, every browser hears the end', async () => {
    const report = await confirmsThroughFailover(
      'sentinel',
      { REDIS_URL: '', REDIS_SENTINELS: sentinels.sentinels, REDIS_SENTINEL_NAME: sentinels.name },
      async () => {
        const primary = await sentinels.primary();
        await kill(primary.process);
        await eventually(async () => (await sentinels.primary().catch(() => primary)) !== primary, 20_000);
      },
    );
    record(report);
    expect(report.doubleTokens).toBe(0);
  }, 120_000);
});
