import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failedServerStart, startServerProcess } from '../support/server-process';

describe('a start with bad configuration', () => {
  it('names every problem at once, each with its fix, and exits 2', async () => {
    // A first production start on a fresh machine: five settings missing and one mistyped.
    const { code, stderr } = await failedServerStart({
      NODE_ENV: 'production',
      SESSION_JWT_SECRET: '',
      MOBILE_JWT_SECRET: '',
      REDIS_URL: '',
      REVOCATION_WEBHOOK_URL: 'https://hooks.example.com/ended',
      QR_TTL_SECONDS: 'soon',
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/6 problems/);
    const named = (variable: string) => new RegExp(`^  ${variable}: `, 'm');
    expect(stderr).toMatch(named('QR_TTL_SECONDS'));
    expect(stderr).toMatch(/^ {2}SESSION_JWT_SECRET: .*SESSION_JWT_PRIVATE_KEY/m);
    expect(stderr).toMatch(/^ {2}MOBILE_JWT_SECRET: .*MOBILE_JWT_PUBLIC_KEY.*MOBILE_JWT_JWKS_URL/m);
    expect(stderr).toMatch(/^ {2}PUBLIC_URL: .*https:\/\//m);
    expect(stderr).toMatch(/^ {2}REDIS_URL: .*ALLOW_EMBEDDED_STORE=true/m);
    expect(stderr).toMatch(named('REVOCATION_WEBHOOK_SECRET'));
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('says one problem plainly', async () => {
    const { code, stderr } = await failedServerStart({ QR_TTL_SECONDS: 'soon' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/one problem/);
    expect(stderr).toMatch(/^ {2}QR_TTL_SECONDS: must be a whole number from 1 to 3600, got "soon"$/m);
  });
});

describe('--dotenv (`npm start` passes `.env`)', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'qr-login-env-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads the file when it is there, and the environment wins over it', async () => {
    const file = join(folder, '.env');
    writeFileSync(file, '# a comment\nCONFIRM_WINDOW_SECONDS=soon\nQR_TTL_SECONDS=never\n');
    const { code, stderr } = await failedServerStart({ QR_TTL_SECONDS: '120' }, [`--dotenv=${file}`]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^ {2}CONFIRM_WINDOW_SECONDS: .*"soon"/m);
    expect(stderr).not.toMatch(/QR_TTL_SECONDS/);
  });

  it('starts without one', async () => {
    const server = await startServerProcess({}, [`--dotenv=${join(folder, 'absent.env')}`]);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    server.child.kill('SIGTERM');
    await server.exited;
  });
});
