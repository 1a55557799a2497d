/** The phone's side of the generator's commands: scan, wait for the number, confirm, and the browser's exchange. */
import { encodeHistogram, newLatencyHistogram, recordMs } from '../lib/histogram';
import { delay, runOpenLoopRequests, withConcurrency } from '../lib/open-loop';
import { pollUntil } from '../lib/wait';
import { Detection } from './detection';
import { countError } from './error-counts';
import { confirmPicked, failed, scanShown } from './phone';
import { generator, type Login, need } from './population';
import type { Command, ConfirmResult, ExchangeResult, ScanResult } from './protocol';

export async function scan(command: Extract<Command, { op: 'scan' }>): Promise<ScanResult> {
  const { phoneHttp } = need();
  const errors: Record<string, number> = {};
  let scanned = 0;
  const chosen = generator.logins.filter((login) => !login.scanned).slice(0, command.count);
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
  return generator.logins.filter((login) => login.scanned && login.confirmIntendedAtMs === undefined).slice(0, count);
}

const showsCheckCode = (login: Login) => !login.expectsCheckCode || login.checkCode !== undefined;

/** The scanned push reaches the browser after the scan's answer: the phone's user waits to read the number. */
export async function checkCodes(command: Extract<Command, { op: 'check-codes' }>): Promise<{ missing: number }> {
  const chosen = nextToConfirm(command.count);
  await pollUntil(() => chosen.every(showsCheckCode), command.timeoutMs);
  return { missing: chosen.filter((login) => !showsCheckCode(login)).length };
}

export async function confirm(command: Extract<Command, { op: 'confirm' }>): Promise<ConfirmResult> {
  const { phoneHttp } = need();
  const chosen = nextToConfirm(command.count);
  const errors: Record<string, number> = {};
  const confirmResponse = newLatencyHistogram();
  const seen = new Detection();
  generator.detection = seen;
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
  while (seen.count < confirmOk && performance.now() < deadline) await delay(10);
  const result: ConfirmResult = {
    sent: chosen.length,
    confirmOk,
    detected: seen.count,
    lost: confirmOk - seen.count,
    errors,
    detection: encodeHistogram(seen.histogram),
    worstPerSecond: seen.worstPerSecond(),
    confirmResponse: encodeHistogram(confirmResponse),
  };
  generator.detection = undefined;
  return result;
}

/** The browser takes its session once the page learnt "confirmed", proving the secret it holds. */
export async function exchange(command: Extract<Command, { op: 'exchange' }>): Promise<ExchangeResult> {
  const { browserHttp } = need();
  const chosen = generator.logins.filter((login) => login.detected && !login.exchanged).slice(0, command.count);
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
