/** Stops the run's own redis-server (never one that was given through REDIS_URL). */
export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.QR_TEST_REDIS_PID);
  if (!pid) return;
  delete process.env.QR_TEST_REDIS_PID;
  delete process.env.REDIS_URL;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
