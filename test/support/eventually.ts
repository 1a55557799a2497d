/**
 * Polls `probe` until it holds: for conditions that recover on the service's own schedule (a Redis
 * reconnect), where there is no event to wait on.
 */
export async function eventually(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
