import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { type Action, type Actor, type Login, type Outcome, TRANSITIONS, type TransitionPolicy } from '../../domain';
import type { LoginChange, LoginStore } from '../port';
import { StoreUnavailableError } from '../store-unavailable';
import { COMMAND_TIMEOUT_MS, type RedisConnections } from './connections';
import { type RedisKeys, redisKeys } from './keys';
import { fromHash, pairsToHash, parseChange, toHashFields, toState } from './login-hash';

type ScriptReply = [string, unknown?];

interface LoginCommands {
  createLogin(key: string, expiresAt: number, ...fields: string[]): Promise<number>;
  transitionLogin(key: string, ...args: Array<string | number>): Promise<ScriptReply>;
}
type ScriptedRedis = Redis & LoginCommands;

const script = (file: string) => readFileSync(join(__dirname, 'scripts', file), 'utf8');

export interface RedisStoreOptions {
  connections: RedisConnections;
  keyPrefix: string;
}

/** Logins in Redis: one hash per login with its TTL, each move one Lua script that also publishes the change. */
export class RedisLoginStore implements LoginStore {
  readonly kind = 'redis';
  private readonly redis: ScriptedRedis;
  private readonly subscriber: Redis;
  private readonly keys: RedisKeys;
  private readonly events = new EventEmitter();

  constructor(options: RedisStoreOptions) {
    this.keys = redisKeys(options.keyPrefix);
    this.redis = options.connections.commands as ScriptedRedis;
    this.redis.defineCommand('createLogin', { numberOfKeys: 1, lua: script('create-1.lua') });
    this.redis.defineCommand('transitionLogin', { numberOfKeys: 1, lua: script('transition-1.lua') });
    this.subscriber = options.connections.subscriber;
    this.subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    this.subscriber.on('ready', () => void this.confirmSubscription());
    if (this.subscriber.status === 'ready') void this.confirmSubscription();
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

  async getMany(ids: readonly string[]): Promise<Array<Login | undefined>> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.login(id));
    const replies = (await this.call(() => pipeline.exec())) ?? [];
    return replies.map(([error, hash], index) => {
      if (error) throw new StoreUnavailableError(error);
      return fromHash(ids[index]!, hash as Record<string, string>);
    });
  }

  async apply(id: string, action: Action, actor: Actor, now: number, policy: TransitionPolicy): Promise<Outcome> {
    const rule = TRANSITIONS[action];
    const user = actor.kind === 'phone' ? actor.user : undefined;
    const [result, detail] = await this.call(() =>
      this.redis.transitionLogin(
        this.keys.login(id),
        id,
        this.keys.changes,
        now,
        actor.kind,
        actor.kind === 'browser' ? actor.secretHash : actor.user.id,
        rule.from.join(' '),
        rule.to,
        rule.repeatableIn ?? '',
        rule.claimsUser ? '1' : '',
        user?.name ?? '',
        user?.picture ?? '',
        policy.confirmWindowSeconds * 1000,
        rule.holdsForExchange ? policy.exchangeGraceSeconds * 1000 : '',
        actor.kind === 'phone' ? (actor.checkCode ?? '') : '',
        rule.checksCode?.wrongPickTo ?? '',
        policy.requireCheckCode ? '1' : '',
      ),
    );
    switch (result) {
      case 'changed':
      case 'repeated':
      case 'wrong_pick':
        return { kind: result, login: fromHash(id, pairsToHash(detail))! };
      case 'conflict':
        return { kind: 'refused', refusal: { reason: 'conflict', state: toState(String(detail)) } };
      case 'not_found':
      case 'forbidden':
      case 'check_code_required':
        return { kind: 'refused', refusal: { reason: result } };
      default:
        throw new Error(`Unexpected reply from transition-1.lua: ${String(result)}`);
    }
  }

  onChange(listener: (change: LoginChange) => void): void {
    this.events.on('change', listener);
  }

  onResync(listener: () => void): void {
    this.events.on('resync', listener);
  }

  async ping(): Promise<void> {
    await this.call(() => this.redis.ping());
  }

  /** Stops listening; the connections belong to whoever opened them. */
  async close(): Promise<void> {
    this.events.removeAllListeners();
    this.subscriber.removeAllListeners('message');
  }

  /**
   * ioredis re-subscribes by itself after a reconnect; our own SUBSCRIBE, ordered behind it on the connection,
   * resolves only once the subscription is live. Changes published while it was down are lost (pub/sub is
   * at-most-once), so listeners are told to re-read the state they wait on: now if commands work, else when
   * the command connection is ready again (it then asks itself).
   */
  private async confirmSubscription(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.keys.changes);
      if (this.redis.status === 'ready') this.events.emit('resync');
    } catch {
      // The connection dropped again; the next 'ready' retries.
    }
  }

  /** Anyone who can publish on Redis can send anything (T15): a malformed message is dropped, never thrown. */
  private receive(message: string): void {
    const change = parseChange(message);
    if (change) this.events.emit('change', change);
  }

  /**
   * Every call answers within the command timeout: ioredis applies it only to commands written alone, while
   * auto-pipelined ones queue behind a hung batch (measured: 5.5 s each with Redis paused). A call that times
   * out may still run later, when Redis answers again: every move is safe to repeat for that reason.
   */
  private async call<T>(command: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Command timed out')), COMMAND_TIMEOUT_MS);
    });
    try {
      return await Promise.race([command(), late]);
    } catch (error) {
      throw new StoreUnavailableError(error);
    } finally {
      clearTimeout(timer);
    }
  }
}
