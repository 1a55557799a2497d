/** Every Redis key and channel name is made here, under one prefix, so instances sharing a prefix act as one. */
export interface RedisKeys {
  login(id: string): string;
  /** One channel for all changes: each instance subscribes once, not once per login. */
  readonly changes: string;
}

export function redisKeys(prefix: string): RedisKeys {
  return {
    login: (id) => `${prefix}login:${id}`,
    changes: `${prefix}changes`,
  };
}
