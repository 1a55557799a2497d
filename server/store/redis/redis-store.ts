import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';
import type { Cluster } from 'ioredis';
import { type Action, type Actor, type Login, type Outcome, TRANSITIONS, type TransitionPolicy } from '../../domain';
import type { LoginChange, LoginStore } from '../port';
import { StoreUnavailableError } from '../store-unavailable';
import { changeMessagePads, parseChange } from './change-message';
import { type RedisConnections, redisCall } from './connections';
import { defineScript } from './define-script';
import type { HintSubscriptions } from './hint-subscriptions';
import { type RedisKeys, redisKeys } from './keys';
import { fromHash, pairsToHash, toHashFields, toState } from './login-hash';
import { OwnMoves } from './own-moves';
import { activeTraceCarrier, inCarriedTrace } from './trace-context';

type ScriptReply = [string, unknown?];

interface LoginCommands {
  createLogin(key: string, expiresAt: number, ...fields: string[]): Promise<number>;
  transitionLogin(key: string, channel: string, move: string, ...pads: Buffer[]): Promise<ScriptReply>;
}
type ScriptedRedis = (Redis | Cluster) & LoginCommands;

/**
 * One JSON argument for a script. Lua's cjson refuses lone UTF-16 surrogates (`\ud800`), so each becomes
 * U+FFFD first: what Redis would have stored had the string gone as a plain argument (UTF-8 encoded).
 */
function packForLua(value: object): string {
  const packed = JSON.stringify(value);
  // JSON.stringify writes a lone surrogate as an escape (`\ud800`): only then is every string looked at.
  if (!/\\u[dD][89abAB]/.test(packed)) return packed;
  return JSON.stringify(value, (_key, field: unknown) =>
    typeof field === 'string' ? field.replace(/\p{Surrogate}/gu, '\uFFFD') : field,
  );
}

export interface RedisStoreOptions {
  connections: RedisConnections;
  keyPrefix: string;
  /** The key the instances share to authenticate change messages; without it every message is only a hint. */
  changeMessageKey?: Buffer;
}

/**
 * Logins in Redis (one node, Sentinel or Cluster): one hash per login with its TTL, each move one Lua script
 * that also announces the change on the login's sharded channel.
 */
export class RedisLoginStore implements LoginStore {
  readonly kind = 'redis';
  private readonly redis: ScriptedRedis;
  private readonly keys: RedisKeys;
  private readonly events = new EventEmitter();
  private readonly hints: HintSubscriptions;
  private readonly changeMessageKey?: Buffer;
  private readonly changeMessagePads: Buffer[];
  private readonly ownMoves = new OwnMoves();
  /** Whom each change listener waits for; `undefined` for a listener that takes every change. */
  private readonly interests: Array<((id: string) => boolean) | undefined> = [];

  constructor(options: RedisStoreOptions) {
    this.keys = redisKeys(options.keyPrefix);
    this.changeMessageKey = options.changeMessageKey;
    this.changeMessagePads = options.changeMessageKey ? changeMessagePads(options.changeMessageKey) : [];
    this.redis = options.connections.commands as ScriptedRedis;
    defineScript(this.redis, 'createLogin', 'create-1.lua');
    defineScript(this.redis, 'transitionLogin', 'transition-2.lua');
    // Pub/sub is at-most-once: after a subscription (re)starts, listeners re-read the logins they wait on, now
    // if commands work, else when the command connection is ready again (it then asks itself).
    this.hints = options.connections.hints;
    options.connections.hints.onMessage((message) => this.receive(message));
    options.connections.hints.onLive(() => {
      if (this.redis.status === 'ready') this.events.emit('resync');
    });
    // Reads that failed while commands were down (a change hint's read, a resync) are made good once they work.
    this.redis.on('ready', () => this.events.emit('resync'));
    this.events.setMaxListeners(0);
  }

  async create(login: Login): Promise<void> {
    const created = await this.call(() =>
      this.redis.createLogin(this.keys.login(login.id), login.expiresAt, ...toHashFields(login)),
    );
    if (created !== 1) throw new Error(`Login id ${login.id} is already taken`);
  }

  async get(id: string): Promise<Login | undefined> {
    return fromHash(id, await this.call(() => this.redis.hgetall(this.keys.login(id))));
  }

  async reserveUserCode(code: string, id: string, expiresAt: number): Promise<boolean> {
    const set = await this.call(() => this.redis.set(this.keys.userCode(code), id, 'PXAT', expiresAt, 'NX'));
    return set === 'OK';
  }

  async findUserCode(code: string): Promise<string | undefined> {
    return (await this.call(() => this.redis.get(this.keys.userCode(code)))) ?? undefined;
  }

  async getMany(ids: readonly string[]): Promise<Array<Login | undefined>> {
    // Sent back to back without waiting for answers (Redis answers in order): one round trip's wait, not one each.
    const hashes = await this.call(() => Promise.all(ids.map((id) => this.redis.hgetall(this.keys.login(id)))));
    return hashes.map((hash, index) => fromHash(ids[index]!, hash));
  }

  async apply(id: string, action: Action, actor: Actor, now: number, policy: TransitionPolicy): Promise<Outcome> {
    const rule = TRANSITIONS[action];
    const user = actor.kind === 'phone' ? actor.user : undefined;
    const move = {
      id,
      now,
      actorKind: actor.kind,
      actor: actor.kind === 'browser' ? actor.secretHash : actor.user.id,
      from: rule.from,
      to: rule.to,
      repeatableIn: rule.repeatableIn,
      claimsUser: rule.claimsUser === true,
      // Left out when empty, as the hash stores them.
      userName: user?.name || undefined,
      userPicture: user?.picture || undefined,
      confirmWindowMs: policy.confirmWindowSeconds * 1000,
      exchangeGraceMs: rule.holdsForExchange ? policy.exchangeGraceSeconds * 1000 : undefined,
      checkCode: (actor.kind === 'phone' && actor.checkCode) || undefined,
      wrongPickTo: rule.checksCode?.wrongPickTo,
      wrongPickReason: rule.checksCode?.wrongPickReason,
      denies: rule.denies,
      requireCheckCode: policy.requireCheckCode === true,
      // The move's trace travels in its change message, so a push at another instance joins it.
      trace: activeTraceCarrier(),
    };
    const [result, detail] = await this.call(() =>
      this.redis.transitionLogin(
        this.keys.login(id),
        this.keys.changes(id),
        packForLua(move),
        ...this.changeMessagePads,
      ),
    );
    switch (result) {
      case 'changed':
      case 'wrong_pick': {
        const login = fromHash(id, pairsToHash(detail))!;
        // This instance's own watchers need not wait for the change message: the reply is the login as moved.
        this.ownMoves.made(id, login.version);
        setImmediate(() => this.events.emit('change', { id, version: login.version, login }));
        return { kind: result, login };
      }
      case 'repeated':
        return { kind: result, login: fromHash(id, pairsToHash(detail))! };
      case 'conflict':
        return { kind: 'refused', refusal: { reason: 'conflict', state: toState(String(detail)) } };
      case 'not_found':
      case 'forbidden':
      case 'check_code_required':
        return { kind: 'refused', refusal: { reason: result } };
      default:
        throw new Error(`Unexpected reply from transition-2.lua: ${String(result)}`);
    }
  }

  onChange(listener: (change: LoginChange) => void, wants?: (id: string) => boolean): void {
    this.interests.push(wants);
    this.events.on('change', listener);
  }

  onResync(listener: () => void): void {
    this.events.on('resync', listener);
  }

  async ping(): Promise<void> {
    await this.call(() => this.redis.ping());
  }

  /** Like `ping`, and also refused while a change subscription is down (changes would be missed). */
  async ready(): Promise<void> {
    await this.ping();
    if (!this.hints.isLive()) throw new StoreUnavailableError('a change subscription is down');
  }

  /** Stops telling listeners; the connections belong to whoever opened them. */
  async close(): Promise<void> {
    this.events.removeAllListeners();
  }

  /**
   * Anyone who can publish on Redis can send anything (T15): a malformed message is dropped, never thrown, and a
   * login only comes with a message whose MAC verifies.
   */
  private receive(message: string): void {
    const received = parseChange(message, this.changeMessageKey, (id, version) => this.ignores(id, version));
    if (received) inCarriedTrace(received.trace, () => this.events.emit('change', received.change));
  }

  /** A change message no listener here waits for, or one of this instance's own moves (already told). */
  private ignores(id: string, version: number): boolean {
    if (this.ownMoves.takeBack(id, version)) return true;
    return this.interests.length > 0 && this.interests.every((wants) => wants !== undefined && !wants(id));
  }

  private call<T>(command: () => Promise<T>): Promise<T> {
    return redisCall(command);
  }
}
