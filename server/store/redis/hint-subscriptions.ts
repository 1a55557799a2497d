import { EventEmitter } from 'node:events';
import Redis, { type Cluster, type RedisOptions } from 'ioredis';

/**
 * The change hints of a fixed set of sharded channels (SSUBSCRIBE), followed across reconnects, failovers and
 * slot moves. Pub/sub is at-most-once: whatever was published while a subscription was down is lost, so
 * 'live' says a subscription has (re)started and listeners re-read what they wait on.
 */
export interface HintSubscriptions {
  onMessage(listener: (message: string) => void): void;
  /** A subscription became live (again): hints published before it may have been missed. */
  onLive(listener: () => void): void;
  /** Resolves once every channel is subscribed (false after `timeoutMs`). */
  whenLive(timeoutMs: number): Promise<boolean>;
  /** Whether every subscription is live now (readiness: hints published meanwhile would be missed). */
  isLive(): boolean;
  close(): Promise<void>;
}

/** One subscribed connection holding `groups` (channels of one slot each) again after every (re)connect. */
class ShardSubscriber {
  live = false;

  constructor(
    readonly connection: Redis,
    readonly groups: readonly string[][],
    private readonly events: EventEmitter,
  ) {
    connection.on('smessage', (_channel: string, message: string) => events.emit('message', message));
    connection.on('close', () => {
      this.live = false;
    });
    // Our own SSUBSCRIBE (autoResubscribe is off) resolves only once the subscription is live on the server.
    connection.on('ready', () => void this.subscribe());
    if (connection.status === 'ready') void this.subscribe();
  }

  private async subscribe(): Promise<void> {
    try {
      await Promise.all(this.groups.map((group) => this.connection.ssubscribe(...group)));
      this.live = true;
      this.events.emit('live');
    } catch {
      // The connection dropped again (or the slots moved): the next 'ready' or topology change retries.
    }
  }

  close(): void {
    // Not live from now on: the connection's own 'close' event comes later.
    this.live = false;
    this.connection.removeAllListeners('smessage');
    this.connection.disconnect();
  }
}

/** Our own SSUBSCRIBE after each connect, not ioredis's, so we know when the subscription is live again. */
export const SUBSCRIBER_OPTIONS: RedisOptions = { autoResubscribe: false };

abstract class Subscriptions implements HintSubscriptions {
  protected readonly events = new EventEmitter();

  constructor() {
    this.events.setMaxListeners(0);
  }

  onMessage(listener: (message: string) => void): void {
    this.events.on('message', listener);
  }

  onLive(listener: () => void): void {
    this.events.on('live', listener);
  }

  async whenLive(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.allLive()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.events.off('live', done);
          resolve();
        };
        const timer = setTimeout(done, remaining);
        this.events.on('live', done);
      });
    }
    return true;
  }

  isLive(): boolean {
    return this.allLive();
  }

  protected abstract allLive(): boolean;
  abstract close(): Promise<void>;
}

/** One Redis (alone or behind Sentinel): one connection holds every channel. */
export class NodeHintSubscriptions extends Subscriptions {
  private readonly subscriber: ShardSubscriber;

  constructor(connection: Redis, channels: readonly string[]) {
    super();
    this.subscriber = new ShardSubscriber(connection, [[...channels]], this.events);
  }

  protected allLive(): boolean {
    return this.subscriber.live;
  }

  async close(): Promise<void> {
    this.subscriber.close();
  }
}

/**
 * Redis Cluster: one subscribed connection per primary, holding the channels of the slots it serves, so a
 * hint travels only inside its shard. When the slot map changes (a failover, a resharding) the connections
 * follow it, and each new subscription is reported live once it is.
 */
export class ClusterHintSubscriptions extends Subscriptions {
  private readonly byNode = new Map<string, ShardSubscriber>();
  private readonly slotGroups: Map<number, string[]>;
  private readonly follow = () => this.followSlots();

  constructor(
    private readonly cluster: Cluster,
    channels: readonly string[],
    slotOf: (channel: string) => number,
    private readonly options: RedisOptions,
    private readonly onError: (error: Error) => void,
  ) {
    super();
    this.slotGroups = new Map();
    for (const channel of channels) {
      const slot = slotOf(channel);
      this.slotGroups.set(slot, [...(this.slotGroups.get(slot) ?? []), channel]);
    }
    cluster.on('refresh', this.follow);
    this.followSlots();
  }

  protected allLive(): boolean {
    return this.byNode.size > 0 && [...this.byNode.values()].every((subscriber) => subscriber.live);
  }

  async close(): Promise<void> {
    this.cluster.off('refresh', this.follow);
    for (const subscriber of this.byNode.values()) subscriber.close();
    this.byNode.clear();
  }

  /** Groups the channels by the primary that serves their slot now; a node whose set changed gets a new connection. */
  private followSlots(): void {
    const wanted = new Map<string, string[][]>();
    for (const [slot, group] of this.slotGroups) {
      const node = this.cluster.slots[slot]?.[0];
      if (node) wanted.set(node, [...(wanted.get(node) ?? []), group]);
    }
    if (wanted.size === 0) return; // No slot map yet: the first 'refresh' brings it.
    for (const [node, subscriber] of this.byNode) {
      const groups = wanted.get(node);
      if (groups && sameGroups(groups, subscriber.groups)) continue;
      subscriber.close();
      this.byNode.delete(node);
    }
    for (const [node, groups] of wanted) {
      if (this.byNode.has(node)) continue;
      const [host, port] = splitNodeKey(node);
      const connection = new Redis({ ...this.options, ...SUBSCRIBER_OPTIONS, host, port });
      connection.on('error', this.onError);
      this.byNode.set(node, new ShardSubscriber(connection, groups, this.events));
    }
  }
}

function sameGroups(a: readonly string[][], b: readonly string[][]): boolean {
  const key = (groups: readonly string[][]) =>
    groups
      .map((group) => group.join(' '))
      .sort()
      .join('|');
  return key(a) === key(b);
}

function splitNodeKey(node: string): [string, number] {
  const colon = node.lastIndexOf(':');
  return [node.slice(0, colon), Number(node.slice(colon + 1))];
}
