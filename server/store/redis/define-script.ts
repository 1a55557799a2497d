import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster, Redis } from 'ioredis';

/** Defines `command` from scripts/`file`, whose name ends in the number of keys it takes (`transition-2.lua`). */
export function defineScript(redis: Redis | Cluster, command: string, file: string): void {
  const keyCount = /-(\d+)\.lua$/.exec(file)?.[1];
  if (keyCount === undefined) throw new Error(`${file}: a script's name must end in -<number of keys>.lua`);
  redis.defineCommand(command, {
    numberOfKeys: Number(keyCount),
    lua: readFileSync(join(__dirname, 'scripts', file), 'utf8'),
  });
}
