import { QrApi } from '../support/qr-api';
import { redisEngines } from '../support/redis-engines';
import { startTestServer, type TestServer } from '../support/server';

describe.each(redisEngines())('rate limits on %s', (_engine, redis) => {
  let instances: TestServer[];
  beforeAll(async () => {
    const first = await startTestServer({ ...redis, RATE_LIMIT_CREATE_PER_MINUTE: '3' });
    const second = await startTestServer({ ...first.env });
    instances = [first, second];
  });
  afterAll(() => Promise.all(instances.map((instance) => instance.close())));

  it('are one allowance shared by every instance', async () => {
    const statuses = [];
    for (let n = 0; n < 4; n += 1) {
      statuses.push((await new QrApi(instances[n % 2]!.url).create()).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});
