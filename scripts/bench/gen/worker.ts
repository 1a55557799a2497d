/**
 * A load-generator process. The orchestrator forks several so that no single process runs out of
 * file descriptors (20,000 per process here) or CPU, and so the generator never shares a process
 * with the server it measures. It holds its own share of browsers and phones and keeps all timing
 * local: a confirm's intended send time and the browser's "confirmed" arrive on the same clock.
 */

import type { Histogram } from 'hdr-histogram-js';
import jwt from 'jsonwebtoken';
import { type ArmKind, isQrLogin } from '../arms/services';
import { watchHealth } from '../lib/health';
import { encodeHistogram, newLatencyHistogram, recordMs } from '../lib/histogram';
import { delay, runOpenLoopRequests, withConcurrency } from '../lib/open-loop';
import { pollUntil } from '../lib/wait';
import { type OpenBrowser, openBrowser, type StateUpdate } from './browsers';
import { countError, describe } from './error-counts';
import { JsonClient } from './http-client';
import { confirmPicked, failed, type PhoneView, scanShown } from './phone';
import { PollingRound } from './polling-round';
import type {
  Command,
  ConfirmResult,
  ConnectResult,
  CreateResult,
  ExchangeResult,
  PollResult,
  Reply,
  ScanResult,
} from './protocol';

interface Login extends PhoneView {
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

interface Setup {
  kind: ArmKind;
  browserUrl: string;
  browserHttp: JsonClient;
  phoneHttp: JsonClient;
  phoneTokens: string[];
}

const phoneUsers = 50;
let setup: Setup | undefined;
let logins: Login[] = [];
/** where detections of the confirm phase in progress are recorded; push and poll share it */
let detection: { histogram: Histogram; count: number; startMs: number; worstPerSecond: number[] } | undefined;
let polling: PollingRound | undefined;

function need(): Setup {
  if (!setup) throw new Error('generator not initialised');
  return setup;
}

function noticeState(login: Login, update: StateUpdate): void {
  if (update.version !== undefined && login.version !== undefined && update.version < login.version) return;
  login.version = update.version ?? login.version;
  login.state = update.state;
  if (update.content !== undefined) login.content = update.content;
  if (update.checkCode !== undefined) login.checkCode = update.checkCode;
  if (update.state !== 'confirmed' || login.confirmIntendedAtMs === undefined || login.detected) return;
  login.detected = true;
  if (!detection) return;
  detection.count += 1;
  if (!login.measured) return;
  const latencyMs = performance.now() - login.confirmIntendedAtMs;
  recordMs(detection.histogram, latencyMs);
  const second = Math.floor((login.confirmIntendedAtMs - detection.startMs) / 1000);
  detection.worstPerSecond[second] = Math.max(detection.worstPerSecond[second] ?? 0, latencyMs);
}

async function create(command: Extract<Command, { op: 'create' }>): Promise<CreateResult> {
  const { browserHttp, phoneTokens } = need();
  const latency = newLatencyHistogram();
  const errors: Record<string, number> = {};
  let ok = 0;
  const started = performance.now();
  await runOpenLoopRequests(command.count, command.ratePerSecond, (index, intendedAtMs) =>
    browserHttp.request('POST', `/api/qr?image=${command.image}`, {}, {}).then(
      (response) => {
        if (response.status !== 201)
          return countError(errors, `create ${response.status} ${response.body?.error?.code ?? ''}`);
        ok += 1;
        if (index >= command.warmupCount) recordMs(latency, performance.now() - intendedAtMs);
        if (command.keep) {
          logins.push({
            id: response.body.id,
            secret: response.body.secret,
            content: response.body.content,
            phoneToken: phoneTokens[logins.length % phoneTokens.length]!,
            scanned: false,
            expectsCheckCode: false,
            measured: false,
            detected: false,
            exchanged: false,
          });
        }
      },
      (error) => countError(errors, `create ${describe(error)}`),
    ),
  );
  return { sent: command.count, ok, errors, latency: encodeHistogram(latency), elapsedMs: performance.now() - started };
}

async function connect(command: Extract<Command, { op: 'connect' }>): Promise<ConnectResult> {
  const { kind, browserUrl } = need();
  const latency = newLatencyHistogram();
  const errors: Record<string, number> = {};
  let connected = 0;
  const started = performance.now();
  await withConcurrency(
    logins.filter((login) => !login.browser),
    command.concurrency,
    async (login) => {
      const begun = performance.now();
      try {
        login.browser = await openBrowser(
          kind,
          { url: browserUrl, localAddress: command.localAddress },
          login,
          (update) => noticeState(login, update),
        );
        connected += 1;
        recordMs(latency, performance.now() - begun);
      } catch (error) {
        countError(errors, describe(error));
      }
    },
  );
  const failed = Object.values(errors).reduce((sum, value) => sum + value, 0);
  return { connected, failed, errors, latency: encodeHistogram(latency), elapsedMs: performance.now() - started };
}

async function scan(command: Extract<Command, { op: 'scan' }>): Promise<ScanResult> {
  const { phoneHttp } = need();
  const errors: Record<string, number> = {};
  let scanned = 0;
  const chosen = logins.filter((login) => !login.scanned).slice(0, command.count);
  const scanOne = async (login: Login) => {
    const response = await scanShown(phoneHttp, login);
    if (response.status !== 200)
      return countError(errors, `scan ${response.status} ${response.body?.error?.code ?? ''}`);
    login.scanned = true;
    login.expectsCheckCode = response.body?.checkCode !== undefined;
    scanned += 1;
  };
  if (command.ratePerSecond)
    await runOpenLoopRequests(chosen.length, command.ratePerSecond, (index) => scanOne(chosen[index]!));
  else await withConcurrency(chosen, command.concurrency, scanOne);
  if (command.awaitPushMs) {
    const watched = chosen.filter((login) => login.scanned && login.browser);
    await pollUntil(() => watched.every((login) => login.state !== 'pending'), command.awaitPushMs);
    for (const login of watched) if (login.state === 'pending') countError(errors, 'scan push not seen');
  }
  return { scanned, errors };
}

/** The logins the next confirm op of `count` takes, in the same order. */
function nextToConfirm(count: number): Login[] {
  return logins.filter((login) => login.scanned && login.confirmIntendedAtMs === undefined).slice(0, count);
}

const showsCheckCode = (login: Login) => !login.expectsCheckCode || login.checkCode !== undefined;

/** The scanned push reaches the browser after the scan's answer: the phone's user waits to read the number. */
async function checkCodes(command: Extract<Command, { op: 'check-codes' }>): Promise<{ missing: number }> {
  const chosen = nextToConfirm(command.count);
  await pollUntil(() => chosen.every(showsCheckCode), command.timeoutMs);
  return { missing: chosen.filter((login) => !showsCheckCode(login)).length };
}

async function confirm(command: Extract<Command, { op: 'confirm' }>): Promise<ConfirmResult> {
  const { phoneHttp } = need();
  const chosen = nextToConfirm(command.count);
  const errors: Record<string, number> = {};
  const confirmResponse = newLatencyHistogram();
  detection = { histogram: newLatencyHistogram(), count: 0, startMs: performance.now(), worstPerSecond: [] };
  let confirmOk = 0;
  await runOpenLoopRequests(chosen.length, command.ratePerSecond, async (index, intendedAtMs) => {
    const login = chosen[index]!;
    login.confirmIntendedAtMs = intendedAtMs;
    login.measured = index >= command.warmupCount;
    if (!showsCheckCode(login)) return countError(errors, 'confirm no check code');
    const response = await confirmPicked(phoneHttp, login);
    if (response.status !== 200)
      return countError(errors, `confirm ${response.status} ${response.body?.error?.code ?? ''}`);
    confirmOk += 1;
    if (login.measured) recordMs(confirmResponse, performance.now() - intendedAtMs);
  });
  const deadline = performance.now() + command.graceMs;
  while (detection.count < confirmOk && performance.now() < deadline) await delay(10);
  const result: ConfirmResult = {
    sent: chosen.length,
    confirmOk,
    detected: detection.count,
    lost: confirmOk - detection.count,
    errors,
    detection: encodeHistogram(detection.histogram),
    worstPerSecond: Array.from(detection.worstPerSecond, (value) => Math.round(value ?? 0)),
    confirmResponse: encodeHistogram(confirmResponse),
  };
  detection = undefined;
  return result;
}

/** The browser takes its session once the page learnt "confirmed", proving the secret it holds. */
async function exchange(command: Extract<Command, { op: 'exchange' }>): Promise<ExchangeResult> {
  const { browserHttp } = need();
  const chosen = logins.filter((login) => login.detected && !login.exchanged).slice(0, command.count);
  const errors: Record<string, number> = {};
  let ok = 0;
  await runOpenLoopRequests(chosen.length, command.ratePerSecond, async (index) => {
    const login = chosen[index]!;
    login.exchanged = true;
    const response = await browserHttp
      .request('POST', `/api/qr/${login.id}/token`, { 'x-qr-secret': login.secret })
      .catch(failed);
    if (response.status === 200) ok += 1;
    else countError(errors, `exchange ${response.status} ${response.body?.error?.code ?? ''}`);
  });
  return { sent: chosen.length, ok, errors };
}

function pollStart(command: Extract<Command, { op: 'poll-start' }>): { pollers: number } {
  const pollers = logins.filter((login) => !login.browser && !login.detected);
  polling = new PollingRound(need().browserHttp, pollers, command.intervalMs, (login, status) =>
    noticeState(login as Login, status),
  );
  return { pollers: pollers.length };
}

function pollStop(): PollResult {
  if (!polling) throw new Error('poll-stop without poll-start');
  const result = polling.stop();
  polling = undefined;
  return result;
}

async function reset(): Promise<{ closed: number }> {
  let closed = 0;
  polling?.stop();
  polling = undefined;
  for (const login of logins) {
    if (login.browser) {
      login.browser.close();
      closed += 1;
    }
  }
  logins = [];
  // drop keep-alive HTTP connections too, or the service's graceful shutdown waits for them
  setup?.browserHttp.close();
  setup?.phoneHttp.close();
  setup = undefined;
  await delay(100);
  return { closed };
}

function init(command: Extract<Command, { op: 'init' }>): { ready: true } {
  setup?.browserHttp.close();
  setup?.phoneHttp.close();
  const phoneTokens = Array.from({ length: phoneUsers }, (_, user) =>
    isQrLogin(command.kind)
      ? jwt.sign({ sub: `bench-${command.workerIndex}-${user}`, name: `Bench ${user}` }, command.mobileJwtSecret, {
          algorithm: 'HS256',
          expiresIn: '2h',
        })
      : `bench-${command.workerIndex}-${user}`,
  );
  setup = {
    kind: command.kind,
    browserUrl: command.browserUrl,
    browserHttp: new JsonClient(command.browserUrl, 64),
    phoneHttp: new JsonClient(command.phoneUrl, 64),
    phoneTokens,
  };
  return { ready: true };
}

async function handle(command: Command): Promise<unknown> {
  switch (command.op) {
    case 'init':
      return init(command);
    case 'create':
      return create(command);
    case 'connect':
      return connect(command);
    case 'scan':
      return scan(command);
    case 'check-codes':
      return checkCodes(command);
    case 'confirm':
      return confirm(command);
    case 'exchange':
      return exchange(command);
    case 'poll-start':
      return pollStart(command);
    case 'poll-count':
      return { requests: polling?.requests ?? 0, answered: polling?.answered ?? 0 };
    case 'poll-stop':
      return pollStop();
    case 'reset':
      return reset();
  }
}

process.on('message', async (message: { sequence: number; command: Command }) => {
  const health = watchHealth();
  let reply: Reply;
  try {
    const result = await handle(message.command);
    reply = { ok: true, result, health: health.stop() };
  } catch (error) {
    reply = {
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      health: health.stop(),
    };
  }
  process.send!({ sequence: message.sequence, reply });
});
process.on('disconnect', () => process.exit(0));
