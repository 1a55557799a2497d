/**
 * OpenTelemetry: a confirm taken by one instance and the push it causes at another are one trace, its context
 * carried in the Redis change message; with `OTEL_SDK_DISABLED=true` nothing is exported. Each instance is its own
 * process, as the SDK is one per process; a test collector takes their OTLP/HTTP JSON exports.
 */
import { signHs256MobileToken } from '../../server/auth/mobile-tokens';
import { connectBrowser } from '../support/browser-socket';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver';
import { QrApi } from '../support/qr-api';
import { TEST_MOBILE_JWT_SECRET, uniquePrefix } from '../support/server';
import { type ServerProcess, startServerProcess } from '../support/server-process';

const alice = signHs256MobileToken(TEST_MOBILE_JWT_SECRET, { sub: 'alice' });
const markOf = (content: string) => content.split('/').pop()!;

/**
 * On the defaults: the browser creates and waits on `browserSide`, the phone scans with the rotation mark it read
 * and confirms, at `phoneSide`, with the number the browser shows.
 */
async function confirmAcross(browserSide: ServerProcess, phoneSide: ServerProcess): Promise<string> {
  const login = await new QrApi(browserSide.url).createLogin();
  const browser = await connectBrowser(browserSide.url, { id: login.id, secret: login.secret });
  try {
    const phone = new QrApi(phoneSide.url);
    expect((await phone.scan(login.id, alice, { json: { rotation: markOf(login.content) } })).status).toBe(200);
    const { checkCode } = await browser.waitForState('scanned');
    expect((await phone.confirm(login.id, alice, { json: { checkCode } })).status).toBe(200);
    await browser.waitForState('confirmed');
  } finally {
    browser.close();
  }
  return login.id;
}

/**
 * Starts two instances on one Redis (one after the other: a busy machine starts them no faster together), runs
 * `use` with them, and stops them with SIGTERM (a started SDK exports what it holds as the process ends).
 */
async function withTwoInstances(
  env: (instance: 'a' | 'b') => Record<string, string>,
  use: (a: ServerProcess, b: ServerProcess) => Promise<void>,
): Promise<[ServerProcess, ServerProcess]> {
  const prefix = uniquePrefix();
  const started: ServerProcess[] = [];
  try {
    for (const instance of ['a', 'b'] as const)
      started.push(await startServerProcess({ REDIS_KEY_PREFIX: prefix, ...env(instance) }));
    await use(started[0]!, started[1]!);
  } finally {
    for (const instance of started) instance.child.kill('SIGTERM');
    await Promise.all(started.map((instance) => instance.exited));
  }
  return [started[0]!, started[1]!];
}

/** Two server processes start one after the other (each may take its 20 s on a busy machine), then a login. */
const TWO_PROCESSES_MS = 90_000;

describe('tracing with OpenTelemetry', () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(() => receiver.close());

  const otel = (instance: 'a' | 'b') => ({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${instance}`,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });

  // `state` (the default): the trace rides inside the MAC'd part of the message; `hint`: beside the id and version.
  it.each(['state', 'hint'])(
    'CHANGE_MESSAGES=%s: puts a confirm at one instance and its push at another in one trace, and logs the trace id',
    async (changeMessages) => {
      let id = '';
      const env = (instance: 'a' | 'b') => ({ ...otel(instance), CHANGE_MESSAGES: changeMessages });
      const [a] = await withTwoInstances(env, async (a, b) => {
        id = await confirmAcross(b, a);
      });
      const find = (instance: string, match: (span: ReceivedSpan) => boolean) =>
        receiver.spans.find((span) => span.resource['service.instance.id'] === instance && match(span));
      const confirm = find(
        'a',
        (span) => span.name === 'POST /api/qr/:id/confirm' && span.attributes['qr_login.id'] === id,
      );
      const push = find(
        'b',
        (span) =>
          span.name === 'qr_login.push' &&
          span.attributes['qr_login.id'] === id &&
          span.attributes['qr_login.state'] === 'confirmed',
      );
      expect(confirm).toMatchObject({ resource: { 'service.name': 'qr-login' } });
      expect(confirm!.attributes).toMatchObject({
        'http.route': '/api/qr/:id/confirm',
        'http.response.status_code': 200,
      });
      expect(push).toMatchObject({ traceId: confirm!.traceId, parentSpanId: confirm!.spanId });
      for (const step of ['POST /api/qr', 'POST /api/qr/:id/scan', 'qr_login.socket_join']) {
        expect(receiver.spans.map((span) => span.name)).toContain(step);
      }
      const confirmLog = a.logs.find((line) => line.includes(`"path":"/api/qr/${id}/confirm"`));
      expect(JSON.parse(confirmLog!)).toMatchObject({ trace_id: confirm!.traceId, span_id: confirm!.spanId });
    },
    TWO_PROCESSES_MS,
  );

  it(
    'exports nothing and logs no trace ids with OTEL_SDK_DISABLED=true, whatever else is set',
    async () => {
      const disabled = (instance: 'a' | 'b') => ({ ...otel(instance), OTEL_SDK_DISABLED: 'true' });
      const [a, b] = await withTwoInstances(disabled, async (a, b) => {
        await confirmAcross(b, a);
      });
      expect(receiver.requests()).toBe(0);
      for (const line of [...a.logs, ...b.logs]) expect(line).not.toMatch(/trace_id|tracing on/);
    },
    TWO_PROCESSES_MS,
  );
});
