import { buildClient } from '../../scripts/build-client';

let built: Promise<unknown> | undefined;
/** The pages load the bundles from client/dist; build them once per test file from the current sources. */
export function buildClientOnce(): Promise<unknown> {
  return (built ??= buildClient());
}
