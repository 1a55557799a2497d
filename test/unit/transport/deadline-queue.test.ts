import { DeadlineQueue } from '../../../server/transport/deadline-queue';

const advance = (ms: number) => jest.advanceTimersByTimeAsync(ms);
/** The queue judges in an immediate queued by its timer; the fake clock runs it on the next millisecond. */
const judgeDue = () => jest.advanceTimersByTimeAsync(1);

describe('the deadline queue', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('judges each item once its wait has passed, in the order they came, never before', async () => {
    const judged: string[] = [];
    const queue = new DeadlineQueue<{ name: string }>(1_000, (item) => judged.push(item.name));
    queue.add({ name: 'first' });
    await advance(400);
    queue.add({ name: 'second' });
    await advance(599);
    await judgeDue();
    expect(judged).toEqual([]);
    await judgeDue();
    expect(judged).toEqual(['first']);
    await advance(398);
    await judgeDue();
    expect(judged).toEqual(['first']);
    await judgeDue();
    expect(judged).toEqual(['first', 'second']);
  });

  it('holds one timer however many items wait, and none once the queue is empty', async () => {
    const judged: number[] = [];
    const queue = new DeadlineQueue<{ index: number }>(100, (item) => judged.push(item.index));
    for (let index = 0; index < 5_000; index++) queue.add({ index });
    expect(jest.getTimerCount()).toBe(1);
    await advance(100);
    await judgeDue();
    expect(judged).toHaveLength(5_000);
    expect(judged.slice(0, 3)).toEqual([0, 1, 2]);
    expect(jest.getTimerCount()).toBe(0);
    queue.add({ index: 5_000 });
    await advance(100);
    await judgeDue();
    expect(judged.at(-1)).toBe(5_000);
  });

  it('drops what waits, unjudged, when cleared', async () => {
    const judged: string[] = [];
    const queue = new DeadlineQueue<{ name: string }>(100, (item) => judged.push(item.name));
    queue.add({ name: 'dropped' });
    queue.clear();
    await advance(1_000);
    expect(judged).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
