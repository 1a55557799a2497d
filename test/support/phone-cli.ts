import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** The phone simulator's question when the service asks the phone to pick the number the other screen shows. */
const PICK_PROMPT = /Which number does the other screen show\?[^\n]*: $/;

export interface PhoneCliRun {
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run phone -- <args>` (scripts/phone.ts) as a person at the terminal: when it asks which number the
 * other screen shows, `pick` reads it from there and it is typed in. Rejects with the output on a non-zero exit.
 */
export function runPhoneCli(args: string[], pick?: () => Promise<string>): Promise<PhoneCliRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/phone.ts', ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  let asked = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (asked || !pick || !PICK_PROMPT.test(stdout)) return;
    asked = true;
    pick().then(
      (number) => child.stdin.end(`${number}\n`),
      () => child.stdin.end('\n'),
    );
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill(), 20_000);
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(Object.assign(new Error(`phone CLI exited ${code}: ${stderr}`), { stdout, stderr, code }));
    });
  });
}
