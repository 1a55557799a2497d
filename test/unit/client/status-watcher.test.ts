import type { BrowserApi } from '../../../client/browser/browser-api';
import { watchStatus } from '../../../client/browser/status-watcher';
import { QrLoginApiError } from '../../../client/shared/errors';
import type { ConditionalReply } from '../../../client/shared/http';
import type { LoginStatus } from '../../../client/shared/wire-types';

const STATUS: LoginStatus = { id: 'id-1', state: 'pending', version: 1, expiresAt: new Date().toISOString() };

/** A status endpoint that answers from a script, and remembers when it was asked and with which ETag. */
function scriptedApi(answers: Array<() => ConditionalReply<LoginStatus>>) {
  const calls: Array<{ at: number; etag?: string }> = [];
  let wake: (() => void) | undefined;
  const api = {
    async fetchStatus(_id: string, _secret: string, etag?: string) {
      calls.push({ at: performance.now(), etag });
      wake?.();
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
      return answer();
    },
  } as unknown as BrowserApi;
  const untilCalls = (count: number) =>
    new Promise<void>((resolve) => {
      wake = () => calls.length >= count && resolve();
      wake();
    });
  return { api, calls, untilCalls };
}

const target = { baseUrl: 'http://127.0.0.1:1', id: 'id-1', secret: 's' };
const handlers = () => ({ status: jest.fn(), transport: jest.fn(), gone: jest.fn(), refused: jest.fn() });

describe('the browser SDK polls as the service asks', () => {
  it('sends the last ETag back and treats 304 as nothing new', async () => {
    const { api, calls, untilCalls } = scriptedApi([
      () => ({ notModified: false, body: STATUS, etag: '"v1"' }),
      () => ({ notModified: true }),
    ]);
    const heard = handlers();
    const watcher = watchStatus(api, target, { useSocket: false, pollIntervalMs: 20, connectTimeoutMs: 10 }, heard);
    await untilCalls(3);
    watcher.stop();
    expect(calls.map((call) => call.etag)).toEqual([undefined, '"v1"', '"v1"']);
    expect(heard.status).toHaveBeenCalledTimes(1);
  });

  it('keeps the longer interval slow_down names, for every later poll', async () => {
    const slowDown = () => {
      throw new QrLoginApiError(429, 'slow_down', 'Polling too fast', undefined, 300);
    };
    const { api, calls, untilCalls } = scriptedApi([
      () => ({ notModified: false, body: STATUS, etag: '"v1"' }),
      slowDown,
      () => ({ notModified: true }),
    ]);
    const watcher = watchStatus(
      api,
      target,
      { useSocket: false, pollIntervalMs: 20, connectTimeoutMs: 10 },
      handlers(),
    );
    await untilCalls(5);
    watcher.stop();
    const gaps = calls.slice(1).map((call, index) => call.at - calls[index]!.at);
    expect(gaps[0]).toBeLessThan(250); // before slow_down: the service's interval
    for (const gap of gaps.slice(1)) expect(gap).toBeGreaterThanOrEqual(290); // after it: the longer one, for good
  });
});
