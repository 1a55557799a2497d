import type { Cluster, Redis } from 'ioredis';
import { isActiveSession, newestFirst, type Session, type SessionPolicy } from '../../domain';
import type { SessionStore } from '../session-port';
import { redisCall } from './connections';
import { defineScript } from './define-script';
import { type RedisKeys, redisKeys } from './keys';
import { fromSessionJson, fromSessionJsonList, toSessionJson } from './session-json';

interface SessionCommands {
  recordSession(key: string, id: string, json: string, now: number, max: number, channel: string): Promise<unknown[]>;
  endSessions(key: string, now: number, channel: string, ...ids: string[]): Promise<unknown[]>;
}
type ScriptedRedis = (Redis | Cluster) & SessionCommands;

/**
 * Sessions in Redis: one hash per user (field = session id), each write one Lua script that keeps the bound,
 * forgets expired sessions and announces ended ones on `sessionsEnded`. The hash expires with its last token.
 */
export class RedisSessionStore implements SessionStore {
  private readonly redis: ScriptedRedis;
  private readonly keys: RedisKeys;

  constructor(options: { redis: Redis | Cluster; keyPrefix: string }) {
    this.keys = redisKeys(options.keyPrefix);
    this.redis = options.redis as ScriptedRedis;
    defineScript(this.redis, 'recordSession', 'record-session-1.lua');
    defineScript(this.redis, 'endSessions', 'end-sessions-1.lua');
  }

  async record(session: Session, now: number, policy: SessionPolicy) {
    const [recorded, ...ended] = await redisCall(() =>
      this.redis.recordSession(
        this.keys.sessions(session.userId),
        session.id,
        toSessionJson(session),
        now,
        policy.maxSessionsPerUser,
        this.keys.sessionsEnded,
      ),
    );
    return { recorded: recorded === 1, ended: fromSessionJsonList(ended) };
  }

  async list(userId: string, now: number): Promise<Session[]> {
    const hash = await redisCall(() => this.redis.hgetall(this.keys.sessions(userId)));
    return fromSessionJsonList(Object.values(hash))
      .filter((session) => isActiveSession(session, now))
      .sort(newestFirst);
  }

  async get(userId: string, id: string, now: number): Promise<Session | undefined> {
    const session = fromSessionJson(await redisCall(() => this.redis.hget(this.keys.sessions(userId), id)));
    return session && session.expiresAt > now ? session : undefined;
  }

  async end(userId: string, ids: readonly string[] | 'all', now: number): Promise<Session[]> {
    // The script reads no ids as "all": an empty list must not get there.
    if (ids !== 'all' && ids.length === 0) return [];
    const named = ids === 'all' ? [] : ids;
    const ended = await redisCall(() =>
      this.redis.endSessions(this.keys.sessions(userId), now, this.keys.sessionsEnded, ...named),
    );
    return fromSessionJsonList(ended);
  }
}
