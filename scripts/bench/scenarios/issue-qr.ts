import { isQrLogin } from '../arms/services';
import type { Bench } from '../context';
import { healthNote } from '../context';
import type { CreateResult } from '../gen/protocol';
import { mergeEncoded, summariseMs } from '../lib/histogram';
import type { Cell } from '../lib/table';

/**
 * Scenario 1, issue QR: POST /api/qr at a fixed offered rate per image kind, open loop; logins
 * created per second, latency from intended send, and server CPU-ms per login. The floor issues
 * the same request without any image, as the least a create can cost.
 */
export async function issueQr(bench: Bench): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  const { createRates, issueSeconds: durationSeconds, warmupSeconds } = bench.options;
  // the socketio arm answers creates with the floor's own code (mimic-api.ts): nothing to learn twice
  for (const kind of bench.options.arms.filter((arm) => arm === 'floor' || isQrLogin(arm))) {
    const images = kind === 'floor' ? ['none'] : Object.keys(createRates);
    await bench.withService(kind, async (service) => {
      for (const image of images) {
        const rate = createRates[image] ?? createRates.none ?? 1000;
        const total = Math.round(rate * (warmupSeconds + durationSeconds));
        const warmup = Math.round(rate * warmupSeconds);
        bench.log(`issue QR: ${kind} image=${image} at ${rate}/s for ${warmupSeconds + durationSeconds} s`);
        const { result, deltas, foreignCores } = await bench.measure([service.pid], () =>
          bench.pool.all<CreateResult>(
            bench.spread(total, rate, warmup, (count, ratePerSecond, warmupCount) => ({
              op: 'create',
              count,
              ratePerSecond,
              warmupCount,
              image,
              keep: false,
            })),
          ),
        );
        const ok = result.results.reduce((sum, one) => sum + one.ok, 0);
        const elapsedS = Math.max(...result.results.map((one) => one.elapsedMs)) / 1000;
        const errors = result.results.flatMap((one) => Object.entries(one.errors));
        const histogram = mergeEncoded(result.results.map((one) => one.latency));
        const latency = summariseMs(histogram);
        const server = deltas[0]!;
        bench.record('issue', {
          kind,
          image,
          offeredPerSecond: rate,
          ok,
          total,
          elapsedS,
          errors,
          latency,
          server,
          foreignCores,
          health: result.health,
          histogram: result.results.map((one) => one.latency),
        });
        rows.push([
          kind,
          image,
          rate,
          ok / elapsedS,
          latency.p50,
          latency.p99,
          latency.max,
          server.cpuMs / Math.max(1, ok),
          server.cpuPercent,
          errors.length ? JSON.stringify(errors) : '0',
          foreignCores,
          healthNote(result.health),
        ]);
      }
    });
  }
  bench.tables.push({
    title: 'Issue QR (open loop, latency from intended send)',
    columns: [
      'arm',
      'image',
      'offered/s',
      'created/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'server CPU-ms/login',
      'server CPU %',
      'errors',
      'other load (cores)',
      'generator',
    ],
    rows,
    notes: [
      'created/s = successful creations / time from first intended send to last answer; server CPU % is of one core; other load = CPU that programs outside the benchmark took on this shared machine.',
    ],
  });
  return rows;
}
