import { collectGarbage, readHeapUsedBytes, type Service, startQrLogin } from '../arms/services';
import type { Bench } from '../context';
import { healthNote } from '../context';
import { delay } from '../lib/open-loop';
import { sampleProcess } from '../lib/proc';
import type { Cell } from '../lib/table';

/**
 * The 20,000-browser target: one process may hold ~19,900 sockets here (open files are capped at
 * 20,000), so one instance is filled to `capacityPerInstance`, then a second instance on the same
 * Redis takes as many again to show the service scaling past one process.
 */
export async function capacity(bench: Bench): Promise<Cell[][]> {
  const perInstance = bench.options.capacityPerInstance;
  const keyPrefix = `bench-capacity:${process.pid}:${Date.now()}:`;
  const services: Service[] = [];
  const rows: Cell[][] = [];
  let waitingInTotal = 0;
  try {
    for (const label of ['qr-login-cap-A', 'qr-login-cap-B']) {
      const service = await startQrLogin({ redisUrl: bench.redis.url, keyPrefix, label });
      services.push(service);
      await bench.pointGenerators('qr-login', service.url, service.url);
      bench.log(`capacity: ${perInstance} browsers on ${label}`);
      await bench.createPopulation(perInstance);
      await delay(2_000);
      await collectGarbage(service);
      const rssBefore = sampleProcess(service.pid).rssBytes;
      const heapBefore = await readHeapUsedBytes(service);
      const connect = await bench.connectPopulation();
      await delay(2_000);
      await collectGarbage(service);
      const rssAfter = sampleProcess(service.pid).rssBytes;
      const heapAfter = await readHeapUsedBytes(service);
      waitingInTotal += connect.connected;
      const perBrowser = (bytes: number) => bytes / 1024 / Math.max(1, connect.connected);
      bench.record('capacity', {
        label,
        connected: connect.connected,
        failed: connect.failed,
        rssBefore,
        rssAfter,
        heapBefore,
        heapAfter,
      });
      rows.push([
        label,
        services.length,
        connect.connected,
        connect.failed,
        waitingInTotal,
        perBrowser(rssAfter - rssBefore),
        heapBefore !== undefined && heapAfter !== undefined ? perBrowser(heapAfter - heapBefore) : undefined,
        rssAfter / 1024 / 1024,
        healthNote(connect.health),
      ]);
    }
  } finally {
    await bench.pool.all(() => ({ op: 'reset' }));
    await Promise.all(services.map((service) => service.stop()));
  }
  bench.tables.push({
    title: 'Capacity: waiting browsers per instance, two instances on one Redis',
    columns: [
      'instance',
      'instances',
      'connected',
      'failed',
      'waiting on all instances',
      'RSS KiB/browser',
      'heap KiB/browser',
      'RSS MiB',
      'generator',
    ],
    rows,
  });
  return rows;
}
