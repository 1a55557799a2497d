import type { ArmKind } from '../arms/services';
import type { OpenBrowser } from './browsers';
import type { Detection } from './detection';
import type { JsonClient } from './http-client';
import type { PhoneView } from './phone';

/** One login this generator holds both ends of: its browser and its phone. */
export interface Login extends PhoneView {
  secret: string;
  browser?: OpenBrowser;
  /** the newest state the browser was told, and its version (an older push never overwrites a newer one) */
  state?: string;
  version?: number;
  scanned: boolean;
  /** the scan answer asked the phone's user to pick a number (qr-login's number matching) */
  expectsCheckCode: boolean;
  confirmIntendedAtMs?: number;
  measured: boolean;
  detected: boolean;
  exchanged: boolean;
}

export interface Setup {
  kind: ArmKind;
  browserUrl: string;
  browserHttp: JsonClient;
  phoneHttp: JsonClient;
  phoneTokens: string[];
}

/**
 * What one generator process holds between the orchestrator's commands: its connections to the service, its
 * logins, and the confirm phase in progress, whose detections push and poll share.
 */
export const generator: { setup?: Setup; logins: Login[]; detection?: Detection } = { logins: [] };

export function need(): Setup {
  if (!generator.setup) throw new Error('generator not initialised');
  return generator.setup;
}
