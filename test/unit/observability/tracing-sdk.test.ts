import { trace } from '@opentelemetry/api';
import { createLogger } from '../../../server/observability/logger';
import { startTracing, tracingRequested } from '../../../server/observability/tracing-sdk';

// Records whether the SDK was ever loaded (the factory runs on the module's first require) and how it was set up;
// its start is a stand-in, so no SDK is registered in this process.
let mockSdkLoads = 0;
const mockStarted: Array<{ resource: { attributes: Record<string, unknown> } }> = [];
jest.mock('@opentelemetry/sdk-node', () => {
  mockSdkLoads += 1;
  const { resources } = jest.requireActual('@opentelemetry/sdk-node');
  class NodeSDK {
    constructor(private readonly config: { resource: { attributes: Record<string, unknown> } }) {}
    start() {
      mockStarted.push(this.config);
    }
    async shutdown() {}
  }
  return { NodeSDK, resources };
});

describe('tracing is off unless an OTEL_* variable asks for it', () => {
  const logger = createLogger('silent');

  it('loads no SDK and starts nothing with no OTEL_* variable set, or only empty ones', async () => {
    for (const env of [{}, { PORT: '0', REDIS_URL: 'redis://127.0.0.1:6379' }, { OTEL_SERVICE_NAME: '' }]) {
      expect(tracingRequested(env)).toBe(false);
      await expect(startTracing(env, logger)).resolves.toBeUndefined();
    }
    expect(mockSdkLoads).toBe(0);
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('stays off with OTEL_SDK_DISABLED=true, whatever else is set', async () => {
    const env = { OTEL_SDK_DISABLED: 'TRUE', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    await expect(startTracing(env, logger)).resolves.toBeUndefined();
    expect(mockSdkLoads).toBe(0);
  });

  it('is asked for by any standard variable: an endpoint, a service name, a sampler', () => {
    for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SERVICE_NAME', 'OTEL_TRACES_SAMPLER']) {
      expect(tracingRequested({ [name]: 'x' })).toBe(true);
    }
    expect(tracingRequested({ OTEL_SDK_DISABLED: 'false', OTEL_SERVICE_NAME: 'x' })).toBe(true);
  });
});

describe('tracing asked for', () => {
  it('loads and starts the SDK once, naming the service qr-login unless the variables name it', async () => {
    const tracing = await startTracing(
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' },
      createLogger('silent'),
    );
    expect(tracing).toBeDefined();
    expect(mockSdkLoads).toBe(1);
    expect(mockStarted).toHaveLength(1);
    expect(mockStarted[0]!.resource.attributes).toMatchObject({ 'service.name': 'qr-login' });
  });
});
