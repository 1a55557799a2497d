/** What one check found: `fail` would stop or endanger a sign-in, `warn` is advisable, `note` is for information. */
export type Status = 'ok' | 'note' | 'warn' | 'fail' | 'skipped';

export interface Finding {
  check: string;
  status: Status;
  /** What was seen, and when it is not ok, what to change. */
  detail: string;
}

export const ok = (check: string, detail: string): Finding => ({ check, status: 'ok', detail });
export const note = (check: string, detail: string): Finding => ({ check, status: 'note', detail });
export const warn = (check: string, detail: string): Finding => ({ check, status: 'warn', detail });
export const fail = (check: string, detail: string): Finding => ({ check, status: 'fail', detail });
export const skipped = (check: string, detail: string): Finding => ({ check, status: 'skipped', detail });

const LABELS: Record<Status, string> = { ok: 'ok', note: 'note', warn: 'WARN', fail: 'FAIL', skipped: 'skipped' };

/** One line per check: name, status, detail; columns padded so the statuses line up. */
export function table(findings: readonly Finding[]): string {
  const checkWidth = Math.max('check'.length, ...findings.map((finding) => finding.check.length));
  const statusWidth = Math.max(...Object.values(LABELS).map((label) => label.length));
  const line = (check: string, status: string, detail: string) =>
    `${check.padEnd(checkWidth)}  ${status.padEnd(statusWidth)}  ${detail}`;
  return [
    line('check', 'status', 'detail / fix'),
    ...findings.map((finding) => line(finding.check, LABELS[finding.status], finding.detail)),
  ].join('\n');
}

/** Exit status: 1 when any check failed (a sign-in would stop or be at risk), else 0. */
export function exitCode(findings: readonly Finding[]): number {
  return findings.some((finding) => finding.status === 'fail') ? 1 : 0;
}
