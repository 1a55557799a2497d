/**
 * Items that each get one look once their deadline passes (a connection that sent nothing yet, a session that has
 * not joined), for thousands of items without a timer or a closure each: one timer for the whole queue, armed for
 * its oldest deadline. Every item of one queue waits the same time, so deadlines come in the order items do.
 * Due items are judged after the I/O pending when the timer fired (setImmediate): a lagging event loop runs
 * timers before the reads that may have answered the wait.
 */
export class DeadlineQueue<T extends object> {
  private items: Array<T | undefined> = [];
  private deadlines: number[] = [];
  private head = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly waitMs: number,
    private readonly onDue: (item: T) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  add(item: T): void {
    this.items.push(item);
    this.deadlines.push(this.clock() + this.waitMs);
    if (!this.timer) this.arm(this.waitMs);
  }

  /** Stops the timer, at shutdown; the items waiting are dropped unjudged. */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.items = [];
    this.deadlines = [];
    this.head = 0;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => setImmediate(this.sweep), Math.max(0, delayMs)).unref();
  }

  private readonly sweep = (): void => {
    this.timer = undefined;
    const now = this.clock();
    while (this.head < this.items.length && this.deadlines[this.head]! <= now) {
      const item = this.items[this.head]!;
      this.items[this.head] = undefined;
      this.head += 1;
      this.onDue(item);
    }
    // Drop the judged front now and then, not on every sweep: copying is what costs.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.deadlines = this.deadlines.slice(this.head);
      this.head = 0;
    }
    if (this.head < this.items.length) this.arm(this.deadlines[this.head]! - now);
    else {
      this.items = [];
      this.deadlines = [];
      this.head = 0;
    }
  };
}
