import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { combineHealth, type GeneratorHealth } from '../lib/health';
import { stopChild } from '../lib/redis';
import type { Command, Reply } from './protocol';

/** The load-generator processes, driven by request/answer messages over the fork IPC channel. */
export class GeneratorPool {
  private sequence = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly children: ChildProcess[]) {
    for (const child of children) {
      child.on('message', (message: { sequence: number; reply: Reply }) => {
        this.waiting.get(message.sequence)?.(message.reply);
        this.waiting.delete(message.sequence);
      });
    }
  }

  static start(count: number): GeneratorPool {
    const children = Array.from({ length: count }, () =>
      fork(path.join(__dirname, 'worker.ts'), [], {
        execArgv: ['--import', 'tsx', '--max-old-space-size=3072'],
        stdio: 'inherit',
      }),
    );
    return new GeneratorPool(children);
  }

  get size(): number {
    return this.children.length;
  }

  get pids(): number[] {
    return this.children.map((child) => child.pid!);
  }

  send<T>(index: number, command: Command, timeoutMs = 600_000): Promise<Reply<T>> {
    const sequence = ++this.sequence;
    const child = this.children[index]!;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`generator ${index} did not answer ${command.op} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiting.set(sequence, (reply) => {
        clearTimeout(timer);
        resolve(reply as Reply<T>);
      });
      child.send({ sequence, command });
    });
  }

  /** Sends each generator its own command at once and fails loudly if any of them failed. */
  async all<T>(commandFor: (index: number) => Command): Promise<{ results: T[]; health: GeneratorHealth }> {
    const replies = await Promise.all(this.children.map((_, index) => this.send<T>(index, commandFor(index))));
    const failed = replies.find((reply) => !reply.ok);
    if (failed) throw new Error(`generator failed: ${failed.error}`);
    return {
      results: replies.map((reply) => reply.result as T),
      health: combineHealth(replies.map((reply) => reply.health)),
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map((child) => stopChild(child)));
  }
}

/** Splits `total` into `parts` whole shares that add up to it. */
export function share(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}
