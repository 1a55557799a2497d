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

describe.each(redisEngines())('the failure limits on %s', (_engine, redis) => {
  let instances: TestServer[];
  beforeAll(async () => {
    // The shared fixture turns this limit off (its suites send bad tokens from one address); here it is under test.
    const first = await startTestServer({ ...redis, RATE_LIMIT_BAD_TOKENS_PER_MINUTE: '2' });
    const second = await startTestServer({ ...first.env });
    instances = [first, second];
  });
  afterAll(() => Promise.all(instances.map((instance) => instance.close())));

  it("count tokens that do not verify across instances; another instance refuses from the address's next failure there", async () => {
    const login = await new QrApi(instances[0]!.url).createLogin();
    const scanWithBadToken = (instance: TestServer) =>
      new QrApi(instance.url).scan(login.id, 'not.a-valid.token').then((reply) => reply.status);
    const statuses = [];
    for (const instance of [0, 0, 0, 1, 1, 0]) statuses.push(await scanWithBadToken(instances[instance]!));
    // The second instance learns from its own first failure that the shared allowance is spent.
    expect(statuses).toEqual([401, 401, 429, 401, 429, 429]);
  });
});
