import { shared, stopEngines } from './global-setup';

/** Stops the run's own engines (never one that was given from outside). */
export default async function globalTeardown(): Promise<void> {
  await stopEngines(shared.qrTestEngines ?? {});
  delete shared.qrTestEngines;
}
