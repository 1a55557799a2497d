import type { ArmKind } from '../arms/services';
import type { GeneratorHealth } from '../lib/health';

/** Commands the orchestrator sends to a load-generator process, one at a time. */
export type Command =
  | { op: 'init'; kind: ArmKind; browserUrl: string; phoneUrl: string; mobileJwtSecret: string; workerIndex: number }
  /** open-loop POST /api/qr; `keep` stores the logins as this worker's waiting population */
  | { op: 'create'; count: number; ratePerSecond: number; warmupCount: number; image: string; keep: boolean }
  /** opens a websocket browser for every kept login that has none yet */
  | { op: 'connect'; concurrency: number; localAddress: string }
  /**
   * phones scan the first `count` not yet scanned logins: `concurrency` at a time (untimed setup), or open loop at
   * `ratePerSecond`; with `awaitPushMs`, until each scanned login's browser has seen it too (bounded)
   */
  | { op: 'scan'; count: number; concurrency: number; ratePerSecond?: number; awaitPushMs?: number }
  /** waits (bounded) until the browsers of the next `count` confirms show the number their phones must pick */
  | { op: 'check-codes'; count: number; timeoutMs: number }
  /** open-loop confirms of scanned logins; latency until the browser learns it (push or poll) */
  | { op: 'confirm'; count: number; ratePerSecond: number; warmupCount: number; graceMs: number }
  /** open-loop POST /api/qr/:id/token of confirmed logins, as the browser takes its session (qr-login only) */
  | { op: 'exchange'; count: number; ratePerSecond: number }
  /** kept logins without a socket start polling GET /api/qr/:id every `intervalMs`, random phase */
  | { op: 'poll-start'; intervalMs: number }
  /** requests sent and answered so far by the running pollers, to cost a window of pure polling */
  | { op: 'poll-count' }
  | { op: 'poll-stop' }
  /** closes every browser and forgets the population */
  | { op: 'reset' };

export interface CreateResult {
  sent: number;
  ok: number;
  errors: Record<string, number>;
  latency: string;
  elapsedMs: number;
}

export interface ScanResult {
  scanned: number;
  errors: Record<string, number>;
}

export interface ExchangeResult {
  sent: number;
  ok: number;
  errors: Record<string, number>;
}

export interface ConnectResult {
  connected: number;
  failed: number;
  errors: Record<string, number>;
  latency: string;
  elapsedMs: number;
}

export interface ConfirmResult {
  sent: number;
  confirmOk: number;
  detected: number;
  lost: number;
  errors: Record<string, number>;
  /** intended confirm send -> browser learns "confirmed" */
  detection: string;
  /** the worst detection latency among confirms intended in each second of the step, to see stalls in time */
  worstPerSecond: number[];
  /** intended confirm send -> HTTP answer to the phone */
  confirmResponse: string;
}

export interface PollResult {
  requests: number;
  errors: Record<string, number>;
  latency: string;
  elapsedMs: number;
  /** generator health over the whole polling window, not just the stop command */
  health: GeneratorHealth;
}

export interface Reply<T = unknown> {
  ok: boolean;
  result?: T;
  error?: string;
  health: GeneratorHealth;
}
