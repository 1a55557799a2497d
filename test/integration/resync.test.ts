import calculateSlot from 'cluster-key-slot';
import { type LoginStatus, toStatus } from '../../server/domain';
import { RoomFanout } from '../../server/realtime/room-fanout';
import type { LoginObserver } from '../../server/service/login-observer';
import { LoginService, type LoginServiceOptions } from '../../server/service/login-service';
import type { SessionTokenIssuer } from '../../server/service/session-token-issuer';
import {
  closeRedisConnections,
  openRedisConnections,
  type RedisConnections,
} from '../../server/store/redis/connections';
import { redisKeys } from '../../server/store/redis/keys';
import { RedisLoginStore } from '../../server/store/redis/redis-store';
import { eventually } from '../support/eventually';
import { actorFor, loginIn, POLICY } from '../support/login-fixtures';
import { startRedisServer, type ThrowawayRedis } from '../support/redis-server';
import { uniquePrefix } from '../support/server';
import { type FaultyProxy, startFaultyProxy } from '../support/tcp-proxy';

/**
 * One instance's fan-out whose command connection runs through a proxy that can cut it, while its subscriber
 * talks to Redis directly: the subscription can come back before commands work, as after a network blip.
 */
describe('pushes missed while the command connection is down', () => {
  let redis: ThrowawayRedis;
  let proxy: FaultyProxy;
  let viaProxy: RedisConnections;
  let direct: RedisConnections;
  let other: RedisConnections;
  const keyPrefix = uniquePrefix();
  const open = (url: string) =>
    openRedisConnections({ kind: 'node', url }, redisKeys(keyPrefix).allChanges, calculateSlot, () => undefined);

  beforeAll(async () => {
    redis = await startRedisServer();
    proxy = await startFaultyProxy({ host: '127.0.0.1', port: redis.port });
    viaProxy = open(proxy.url);
    direct = open(redis.url);
    other = open(redis.url);
  });
  afterAll(async () => {
    await Promise.all([viaProxy, direct, other].map(closeRedisConnections));
    await proxy.close();
    await redis.stop();
  });

  it('are pushed once commands work again, after the resync failed meanwhile', async () => {
    const store = new RedisLoginStore({
      connections: { commands: viaProxy.commands, hints: direct.hints },
      keyPrefix,
    });
    const elsewhere = new RedisLoginStore({ connections: other, keyPrefix });
    const pushed: LoginStatus[] = [];
    const failures: unknown[] = [];
    // The fan-out reads through the service, as in compose.ts; this test only reads, so no token or observer is asked.
    const service = new LoginService({
      store,
      sessionTokens: {} as SessionTokenIssuer,
      sessions: {} as LoginServiceOptions['sessions'],
      observer: {} as LoginObserver,
      qrContent: (id) => `http://127.0.0.1/scan/${id}`,
      qrTtlSeconds: 60,
      confirmWindowSeconds: 60,
      exchangeGraceSeconds: 10,
      checkCode: 'off',
      site: { ownOrigin: 'http://127.0.0.1' },
    });
    const fanout = new RoomFanout(service, { emitToRoom: (_id, status) => pushed.push(status) }, (error) =>
      failures.push(error),
    );
    expect(await direct.hints.whenLive(5_000)).toBe(true);
    await eventually(async () => viaProxy.commands.status === 'ready', 5_000);

    const login = loginIn('pending');
    await store.create(login);
    fanout.watch(login.id);
    fanout.offer(toStatus(login));

    proxy.refuse(true);
    proxy.dropAll();
    // Until the client has seen the drop, a read goes out on the dead socket and fails only after a reconnect
    // attempt; the confirm's hint then joins that read, and only one read fails instead of one per hint.
    await eventually(async () => viaProxy.commands.status !== 'ready', 5_000);
    await elsewhere.apply(login.id, 'scan', actorFor('scan', true), Date.now(), POLICY);
    await elsewhere.apply(login.id, 'confirm', actorFor('confirm', true), Date.now(), POLICY);
    // The subscriber drops too and is back at once; its resync finds the command connection down.
    await direct.commands.call('CLIENT', 'KILL', 'TYPE', 'pubsub');
    // The hints' reads have failed: the pushes are missed. The confirm's hint joins the scan's read when that read
    // is still waiting for the connection (one failure), or starts a read of its own that fails too (two).
    await eventually(async () => failures.length >= 1, 5_000);

    proxy.refuse(false);
    await eventually(async () => pushed.some((status) => status.state === 'confirmed'), 10_000);
    expect(pushed.map((status) => status.state)).toEqual(['pending', 'confirmed']);
    await store.close();
    await elsewhere.close();
  });
});
