import { readFileSync } from 'node:fs';

export interface ProcSample {
  /** user + system CPU time of the process so far, in milliseconds */
  cpuMs: number;
  rssBytes: number;
  /** wall clock of the sample, milliseconds */
  atMs: number;
}

const clockTicksPerSecond = 100; // Linux USER_HZ; /proc/<pid>/stat counts in these ticks

/** Reads CPU and RSS of another process from the OS, so the server never has to report on itself. */
export function sampleProcess(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name may hold spaces; fields after the closing parenthesis are fixed
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuMs: ((utime + stime) * 1000) / clockTicksPerSecond, rssBytes: rssKiB * 1024, atMs: performance.now() };
}

export interface ProcDelta {
  cpuMs: number;
  wallMs: number;
  /** CPU use over the interval as a share of one core, in percent */
  cpuPercent: number;
  rssBytesAfter: number;
  rssBytesDelta: number;
}

export function deltaBetween(before: ProcSample, after: ProcSample): ProcDelta {
  const cpuMs = after.cpuMs - before.cpuMs;
  const wallMs = after.atMs - before.atMs;
  return {
    cpuMs,
    wallMs,
    cpuPercent: wallMs > 0 ? (100 * cpuMs) / wallMs : 0,
    rssBytesAfter: after.rssBytes,
    rssBytesDelta: after.rssBytes - before.rssBytes,
  };
}

/** CPU milliseconds spread over `count` units, in microseconds each. */
export function perUnit(cpuMs: number, count: number): number {
  return (cpuMs * 1000) / Math.max(1, count);
}

/** Measures one phase of a benchmark: CPU and RSS of every given process across `phase`. */
export async function measureProcesses<T>(
  pids: number[],
  phase: () => Promise<T>,
): Promise<{ result: T; deltas: ProcDelta[] }> {
  const before = pids.map(sampleProcess);
  const result = await phase();
  const after = pids.map(sampleProcess);
  return { result, deltas: before.map((sample, index) => deltaBetween(sample, after[index]!)) };
}

/** Busy and total CPU time of the whole machine from /proc/stat, in clock ticks. */
function sampleMachine(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = fields[3]! + fields[4]!;
  return { busy: total - idle, total };
}

/**
 * CPU, in cores, that processes other than `ours` used across `phase`. The box is shared with other
 * work; a run where others took a large share is noted as disturbed rather than silently trusted.
 */
export async function measureForeignLoad<T>(
  ours: number[],
  phase: () => Promise<T>,
): Promise<{ result: T; foreignCores: number }> {
  const machineBefore = sampleMachine();
  const oursBefore = ours.map(sampleProcess);
  const result = await phase();
  const oursAfter = ours.map(sampleProcess);
  const machineAfter = sampleMachine();
  const wallMs = (oursAfter[0]?.atMs ?? 0) - (oursBefore[0]?.atMs ?? 0);
  const machineBusyMs = ((machineAfter.busy - machineBefore.busy) * 1000) / clockTicksPerSecond;
  const oursMs = oursAfter.reduce((sum, sample, index) => sum + sample.cpuMs - oursBefore[index]!.cpuMs, 0);
  return { result, foreignCores: wallMs > 0 ? Math.max(0, machineBusyMs - oursMs) / wallMs : 0 };
}
