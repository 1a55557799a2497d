import { runPhoneCli } from '../support/phone-cli';
import { QrApi } from '../support/qr-api';
import { serverForSuite } from '../support/server';

const USER_CODE = /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/;

describe('user codes: typing the code under the QR instead of scanning it', () => {
  const suite = serverForSuite();

  it('claims the login like a scan, typed in any case and with or without the dash', async () => {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    expect(login.userCode).toMatch(USER_CODE);
    expect(login.content).not.toContain(login.userCode.replace('-', '')); // not in the QR: it is typed, not scanned
    const alice = suite.server.mobileToken('alice');
    const typed = login.userCode.toLowerCase().replace('-', ' ');
    const scan = await api.send('POST', `/api/qr/by-code/${encodeURIComponent(typed)}`, { token: alice });
    expect(scan.status).toBe(200);
    expect(scan.body).toMatchObject({ id: login.id, state: 'scanned', requester: { ip: '127.0.0.1' } });
    const shown = (await api.status(login.id, login.secret)).body.checkCode;
    expect((await api.confirm(login.id, alice, { json: { checkCode: shown } })).status).toBe(200);
    expect((await api.token(login.id, login.secret)).status).toBe(200);
  });

  it('works from the CLI phone: --code with --base-url, denied with --deny', async () => {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    const cli = (...args: string[]) => runPhoneCli(['--user', 'bob', ...args]);
    // A wrong pick denies (match mode), so the test learns nothing it should not: it denies outright.
    const { stdout } = await cli('--base-url', suite.server.url, '--code', login.userCode, '--deny');
    expect(stdout).toContain('Sign in on another screen as bob?');
    expect(stdout).toContain(`Site         ${new URL(suite.server.url).origin}`);
    expect(stdout).toContain('Denied');
    expect((await api.status(login.id, login.secret)).body).toMatchObject({
      state: 'denied',
      user: { name: 'Bob Okafor' },
    });
    await expect(cli('--code', login.userCode)).rejects.toMatchObject({
      stderr: expect.stringContaining('--base-url'),
    });
  });

  it('answers an unknown code 404, a malformed one 400, and needs a mobile token', async () => {
    const api = new QrApi(suite.server.url);
    const alice = suite.server.mobileToken('alice');
    expect((await api.send('POST', '/api/qr/by-code/BCDF-GHJK', { token: alice })).status).toBe(404);
    for (const code of ['ABCD-EFGH', 'BCDF-GHJ', 'BCDF-GHJK-L', '0000-0000']) {
      expect((await api.send('POST', `/api/qr/by-code/${code}`, { token: alice })).status).toBe(400);
    }
    expect((await api.send('POST', '/api/qr/by-code/BCDF-GHJK')).status).toBe(401);
  });

  it('a second user typing a claimed code is refused like a second scanner', async () => {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    const path = `/api/qr/by-code/${login.userCode}`;
    expect((await api.send('POST', path, { token: suite.server.mobileToken('alice') })).status).toBe(200);
    expect((await api.send('POST', path, { token: suite.server.mobileToken('bob') })).status).toBe(403);
  });
});

describe('guessing user codes is bounded per user and per code', () => {
  const suite = serverForSuite({ RATE_LIMIT_USER_CODE_PER_MINUTE: '3' });

  it('stops a user after a few tries, whatever codes they type', async () => {
    const api = new QrApi(suite.server.url);
    const mallory = suite.server.mobileToken('mallory');
    const statuses: number[] = [];
    for (const code of ['BCDF-GHJK', 'BCDF-GHJL', 'BCDF-GHJM', 'BCDF-GHJN']) {
      statuses.push((await api.send('POST', `/api/qr/by-code/${code}`, { token: mallory })).status);
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
  });

  it('stops tries of one code after a few, whoever types it', async () => {
    const api = new QrApi(suite.server.url);
    const statuses: number[] = [];
    for (const user of ['u1', 'u2', 'u3', 'u4']) {
      statuses.push(
        (await api.send('POST', '/api/qr/by-code/XZXZ-XZXZ', { token: suite.server.mobileToken(user) })).status,
      );
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
  });
});
