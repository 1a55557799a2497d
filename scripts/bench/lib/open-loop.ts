/**
 * Fires `total` events on a fixed schedule, `ratePerSecond` apart, whatever happens to earlier ones
 * (open loop). `fire` gets the intended send time so latency is measured from when the event should
 * have left, not from when a busy generator got round to it (no coordinated omission).
 */
export function runOpenLoop(
  total: number,
  ratePerSecond: number,
  fire: (index: number, intendedAtMs: number) => void,
): Promise<void> {
  const startMs = performance.now();
  const intervalMs = 1000 / ratePerSecond;
  let next = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && startMs + next * intervalMs <= now) {
        fire(next, startMs + next * intervalMs);
        next += 1;
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, Math.min(5, startMs + next * intervalMs - performance.now())));
    };
    tick();
  });
}

/** `runOpenLoop` whose events are requests: resolves once every one sent has settled. */
export async function runOpenLoopRequests(
  total: number,
  ratePerSecond: number,
  send: (index: number, intendedAtMs: number) => Promise<void>,
): Promise<void> {
  const pending: Promise<void>[] = [];
  await runOpenLoop(total, ratePerSecond, (index, intendedAtMs) => {
    pending.push(send(index, intendedAtMs));
  });
  await Promise.all(pending);
}

/** Runs `task` over `items` with at most `limit` in flight; for setup work whose speed is not measured. */
export async function withConcurrency<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let cursor = 0;
  const lane = async () => {
    while (cursor < items.length) {
      const item = items[cursor]!;
      cursor += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
