import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openApiDocument } from '../../../server/contract/openapi-document';

const ROOT = path.resolve(__dirname, '../../..');
const REDOCLY = path.join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');

describe('the OpenAPI document', () => {
  it('passes Redocly lint with the recommended rules (redocly.yaml), offline', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qr-login-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(openApiDocument()));
      const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
      const outcome = await promisify(execFile)(
        process.execPath,
        [REDOCLY, 'lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'stylish'],
        { cwd: ROOT, env, timeout: 60_000 },
      ).then(
        () => 'valid',
        (error: { stdout: string; stderr: string }) => `${error.stdout}\n${error.stderr}`,
      );
      expect(outcome).toBe('valid');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('names an operation id for every operation, each once', () => {
    const ids = Object.values(openApiDocument().paths ?? {}).flatMap((item) =>
      [item.get, item.post, item.delete].flatMap((operation) => (operation ? [operation.operationId] : [])),
    );
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
