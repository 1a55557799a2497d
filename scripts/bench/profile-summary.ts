/**
 * Summarises a V8 .cpuprofile (from `--server-flags "--cpu-prof --cpu-prof-dir=bench-results/prof"`):
 * self time by function and by package or project file, so a bottleneck can be named with evidence.
 * usage: tsx scripts/bench/profile-summary.ts FILE.cpuprofile [top=25] [function-name-to-show-callers-of]
 * BENCH_PROFILE_LAST_S=N reads only the profile's last N seconds (e.g. the idle window that ends a waiting-only run),
 * BENCH_PROFILE_SKIP_END_S=M leaves out its last M seconds (the teardown after that window).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function owner(url: string): string {
  if (!url) return '(native/vm)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1]!;
  if (url.startsWith('node:')) return url;
  const inRepo = /\/(server|scripts|client)\/(.*)$/.exec(url);
  return inRepo ? `${inRepo[1]}/${inRepo[2]}` : url;
}

function main(): void {
  const [file, topText, callersOf] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx scripts/bench/profile-summary.ts FILE.cpuprofile [top]');
  const top = Number(topText ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const lastUs = Number(process.env.BENCH_PROFILE_LAST_S ?? Number.POSITIVE_INFINITY) * 1e6;
  const toUs = profile.endTime - Number(process.env.BENCH_PROFILE_SKIP_END_S ?? 0) * 1e6;
  const fromUs = Math.max(profile.startTime, toUs - lastUs);
  let atUs = profile.startTime;
  profile.samples.forEach((id, index) => {
    atUs += profile.timeDeltas[index] ?? 0;
    if (atUs >= fromUs && atUs <= toUs) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const totalUs = toUs - fromUs;
  const idleUs = [...selfUs]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((sum, [, us]) => sum + us, 0);
  const busyUs = totalUs - idleUs;
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    add(byFunction, `${frame.functionName || '(anonymous)'} ${owner(frame.url)}:${frame.lineNumber + 1}`, us);
    add(byOwner, owner(frame.url), us);
  }
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / busyUs).toFixed(1).padStart(5)}%  ${key}`);
    }
  };
  console.log(
    `profile ${(totalUs / 1e6).toFixed(1)} s, busy ${(busyUs / 1e6).toFixed(1)} s (${((100 * busyUs) / totalUs).toFixed(0)}%)`,
  );
  print('self time by package / file', byOwner);
  print('self time by function', byFunction);
  if (callersOf)
    print(`call paths into ${callersOf} (self time, innermost first)`, callerPaths(profile, byId, selfUs, callersOf));
}

/** Who calls `name`: the stack above each sampled node of that function, `depth` frames deep (BENCH_PROFILE_DEPTH, default 6). */
function callerPaths(
  profile: Profile,
  byId: Map<number, ProfileNode>,
  selfUs: Map<number, number>,
  name: string,
): Map<string, number> {
  const depth = Number(process.env.BENCH_PROFILE_DEPTH ?? 6);
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const paths = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (byId.get(id)!.callFrame.functionName !== name) continue;
    const frames: string[] = [];
    for (let at = parentOf.get(id); at !== undefined && frames.length < depth; at = parentOf.get(at)) {
      const frame = byId.get(at)!.callFrame;
      frames.push(`${frame.functionName || '(anonymous)'}@${owner(frame.url)}:${frame.lineNumber + 1}`);
    }
    const key = frames.join(' < ');
    paths.set(key, (paths.get(key) ?? 0) + us);
  }
  return paths;
}

main();
