import { EventEmitter } from 'node:events';
import { type Action, type Actor, decide, isLive, type Login, type Outcome, type TransitionPolicy } from '../../domain';
import type { LoginChange, LoginStore } from '../port';

const SWEEP_INTERVAL_MS = 5_000;

/**
 * The embedded store for a single instance without Redis. Node runs each call to completion before the next,
 * so `decide` plus the write is atomic here just as the Lua script is in Redis.
 */
export class MemoryLoginStore implements LoginStore {
  readonly kind = 'memory';
  private readonly logins = new Map<string, Login>();
  private readonly userCodes = new Map<string, { id: string; expiresAt: number }>();
  private readonly events = new EventEmitter();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly clock: () => number = Date.now) {
    this.events.setMaxListeners(0);
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  async create(login: Login): Promise<void> {
    this.logins.set(login.id, { ...login });
  }

  async get(id: string): Promise<Login | undefined> {
    const login = this.logins.get(id);
    return isLive(login, this.clock()) ? { ...login } : undefined;
  }

  async reserveUserCode(code: string, id: string, expiresAt: number): Promise<boolean> {
    const held = this.userCodes.get(code);
    if (held && held.expiresAt > this.clock()) return false;
    this.userCodes.set(code, { id, expiresAt });
    return true;
  }

  async findUserCode(code: string): Promise<string | undefined> {
    const held = this.userCodes.get(code);
    return held && held.expiresAt > this.clock() ? held.id : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Array<Login | undefined>> {
    return Promise.all(ids.map((id) => this.get(id)));
  }

  async apply(id: string, action: Action, actor: Actor, now: number, policy: TransitionPolicy): Promise<Outcome> {
    const outcome = decide(this.logins.get(id), action, actor, now, policy);
    if (outcome.kind === 'changed' || outcome.kind === 'wrong_pick') {
      this.logins.set(id, outcome.login);
      const change: LoginChange = { id, version: outcome.login.version, login: { ...outcome.login } };
      // Delivered on a later tick, like a pub/sub message, never inside the caller's stack.
      setImmediate(() => this.events.emit('change', change));
    }
    return outcome.kind === 'refused' ? outcome : { kind: outcome.kind, login: { ...outcome.login } };
  }

  onChange(listener: (change: LoginChange) => void): void {
    this.events.on('change', listener);
  }

  onResync(): void {
    // Changes are delivered in-process and cannot be missed.
  }

  async ping(): Promise<void> {}

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.events.removeAllListeners();
  }

  private sweep(): void {
    const now = this.clock();
    for (const [id, login] of this.logins) if (!isLive(login, now)) this.logins.delete(id);
    for (const [code, held] of this.userCodes) if (held.expiresAt <= now) this.userCodes.delete(code);
  }
}
