/**
 * A load-generator process. The orchestrator forks several so that no single process runs out of
 * file descriptors (20,000 per process here) or CPU, and so the generator never shares a process
 * with the server it measures. It holds its own share of browsers and phones and keeps all timing
 * local: a confirm's intended send time and the browser's "confirmed" arrive on the same clock.
 */

import jwt from 'jsonwebtoken';
import { isQrLogin } from '../arms/services';
import { watchHealth } from '../lib/health';
import { encodeHistogram, newLatencyHistogram, recordMs } from '../lib/histogram';
import { delay, runOpenLoopRequests, withConcurrency } from '../lib/open-loop';
import { openBrowser, type StateUpdate } from './browsers';
import { countError, describe } from './error-counts';
import { JsonClient } from './http-client';
import { checkCodes, confirm, exchange, scan } from './phone-steps';
import { PollingRound } from './polling-round';
import { generator, type Login, need } from './population';
import type { Command, ConnectResult, CreateResult, PollResult, Reply } from './protocol';

const phoneUsers = 50;
let polling: PollingRound | undefined;

function noticeState(login: Login, update: StateUpdate): void {
  if (update.version !== undefined && login.version !== undefined && update.version < login.version) return;
  login.version = update.version ?? login.version;
  login.state = update.state;
  if (update.content !== undefined) login.content = update.content;
  if (update.checkCode !== undefined) login.checkCode = update.checkCode;
  if (update.state !== 'confirmed' || login.confirmIntendedAtMs === undefined || login.detected) return;
  login.detected = true;
  generator.detection?.saw(login.confirmIntendedAtMs, login.measured);
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
          generator.logins.push({
            id: response.body.id,
            secret: response.body.secret,
            content: response.body.content,
            phoneToken: phoneTokens[generator.logins.length % phoneTokens.length]!,
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
    generator.logins.filter((login) => !login.browser),
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

function pollStart(command: Extract<Command, { op: 'poll-start' }>): { pollers: number } {
  const pollers = generator.logins.filter((login) => !login.browser && !login.detected);
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
  for (const login of generator.logins) {
    if (login.browser) {
      login.browser.close();
      closed += 1;
    }
  }
  generator.logins = [];
  // drop keep-alive HTTP connections too, or the service's graceful shutdown waits for them
  generator.setup?.browserHttp.close();
  generator.setup?.phoneHttp.close();
  generator.setup = undefined;
  await delay(100);
  return { closed };
}

function init(command: Extract<Command, { op: 'init' }>): { ready: true } {
  generator.setup?.browserHttp.close();
  generator.setup?.phoneHttp.close();
  const phoneTokens = Array.from({ length: phoneUsers }, (_, user) =>
    isQrLogin(command.kind)
      ? jwt.sign({ sub: `bench-${command.workerIndex}-${user}`, name: `Bench ${user}` }, command.mobileJwtSecret, {
          algorithm: 'HS256',
          expiresIn: '2h',
        })
      : `bench-${command.workerIndex}-${user}`,
  );
  generator.setup = {
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
