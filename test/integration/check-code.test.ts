import { connectBrowser } from '../support/browser-socket';
import { QrApi } from '../support/qr-api';
import { serverForSuite } from '../support/server';

describe('CHECK_CODE=match: the phone picks the number the browser shows', () => {
  const suite = serverForSuite({ CHECK_CODE: 'match' });

  async function scanned() {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    const alice = suite.server.mobileToken('alice');
    const before = await api.status(login.id, login.secret);
    expect(before.body.checkCode).toBeUndefined(); // nothing to show before a scan
    const scan = await api.scan(login.id, alice);
    expect(scan.status).toBe(200);
    const shown = (await api.status(login.id, login.secret)).body.checkCode as string;
    return { api, login, alice, scan: scan.body, shown };
  }

  it('shows the code only to the browser, and offers the phone three numbers with nothing marking the right one', async () => {
    const { api, login, alice, scan, shown } = await scanned();
    expect(shown).toMatch(/^[1-9]\d$/);
    expect(scan.checkCode).toEqual({ mode: 'match', choices: expect.any(Array) });
    const choices = (scan.checkCode as { choices: string[] }).choices;
    expect(new Set(choices).size).toBe(3);
    expect(choices).toContain(shown);
    expect(Object.keys(scan.checkCode!).sort()).toEqual(['choices', 'mode']);
    // A repeated scan offers the same three in the same places: asking again tells nothing.
    expect((await api.scan(login.id, alice)).body.checkCode).toEqual(scan.checkCode);

    const browser = await connectBrowser(suite.server.url, { id: login.id, secret: login.secret });
    try {
      await expect(browser.waitForState('scanned')).resolves.toMatchObject({ checkCode: shown });
    } finally {
      browser.close();
    }
  });

  it('refuses a confirm without a pick and changes nothing', async () => {
    const { api, login, alice } = await scanned();
    const reply = await api.confirm(login.id, alice, { json: {} });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('check_code_required');
    expect((await api.status(login.id, login.secret)).body.state).toBe('scanned');
  });

  it('refuses a malformed pick as a bad request', async () => {
    const { api, login, alice } = await scanned();
    for (const checkCode of ['4', '123', 'ab', null, true, { code: '42' }]) {
      const reply = await api.confirm(login.id, alice, { json: { checkCode } });
      expect(reply.status).toBe(400);
    }
    expect((await api.status(login.id, login.secret)).body.state).toBe('scanned');
  });

  it('denies the login on a wrong pick, says so, and counts it', async () => {
    const { api, login, alice, scan, shown } = await scanned();
    const wrong = (scan.checkCode as { choices: string[] }).choices.find((choice) => choice !== shown)!;
    const reply = await api.confirm(login.id, alice, { json: { checkCode: wrong } });
    expect(reply.status).toBe(403);
    expect(reply.body.error).toMatchObject({ code: 'check_code_mismatch', state: 'denied' });
    expect((await api.status(login.id, login.secret)).body.state).toBe('denied');
    expect((await api.confirm(login.id, alice, { json: { checkCode: shown } })).status).toBe(409);
    expect((await api.token(login.id, login.secret)).status).toBe(409);
    const metrics = await api.metrics();
    expect(metrics).toMatch(/qr_login_refusals_total\{action="confirm",reason="wrong_check_code"\} [1-9]/);
    const audit = await api.send('GET', '/api/audit?limit=1', { token: alice });
    expect(audit.body.events).toEqual([
      { type: 'wrong_check_code', at: expect.any(String), loginId: login.id, ip: '127.0.0.1' },
    ]);
  });

  it('confirms with the right pick, and the browser gets its token', async () => {
    const { api, login, alice, shown } = await scanned();
    const reply = await api.confirm(login.id, alice, { json: { checkCode: shown } });
    expect(reply).toMatchObject({ status: 200, body: { state: 'confirmed' } });
    expect((await api.status(login.id, login.secret)).body.checkCode).toBeUndefined();
    expect((await api.token(login.id, login.secret)).status).toBe(200);
  });
});

describe('on the defaults, the browser learns why its login was denied', () => {
  const suite = serverForSuite();

  /** A login scanned as a phone does on the defaults (with the rotation mark it read), a browser waiting on it. */
  async function scannedAndWatched() {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    const alice = suite.server.mobileToken('alice');
    const rotation = login.content.split('/').pop();
    const scan = await api.scan(login.id, alice, { json: { rotation } });
    expect(scan.status).toBe(200);
    const browser = await connectBrowser(suite.server.url, { id: login.id, secret: login.secret });
    const shown = (await browser.waitForState('scanned')).checkCode!;
    const choices = (scan.body.checkCode as { choices: string[] }).choices;
    return { api, login, alice, browser, shown, wrong: choices.find((choice) => choice !== shown)! };
  }

  it('a wrong pick: reason wrong_check_code in the status and the push', async () => {
    const { api, login, alice, browser, wrong } = await scannedAndWatched();
    try {
      expect((await api.confirm(login.id, alice, { json: { checkCode: wrong } })).status).toBe(403);
      await expect(browser.waitForState('denied')).resolves.toMatchObject({ reason: 'wrong_check_code' });
      const status = (await api.status(login.id, login.secret)).body;
      expect(status).toMatchObject({ state: 'denied', reason: 'wrong_check_code' });
    } finally {
      browser.close();
    }
  });

  it('a decline: reason declined in the status and the push', async () => {
    const { api, login, alice, browser } = await scannedAndWatched();
    try {
      expect((await api.deny(login.id, alice)).status).toBe(200);
      await expect(browser.waitForState('denied')).resolves.toMatchObject({ reason: 'declined' });
      expect((await api.status(login.id, login.secret)).body).toMatchObject({ state: 'denied', reason: 'declined' });
    } finally {
      browser.close();
    }
  });

  it('says no reason in any other state', async () => {
    const { api, login, alice, browser, shown } = await scannedAndWatched();
    try {
      expect((await api.confirm(login.id, alice, { json: { checkCode: shown } })).status).toBe(200);
      expect(await browser.waitForState('confirmed')).not.toHaveProperty('reason');
      expect((await api.status(login.id, login.secret)).body).not.toHaveProperty('reason');
    } finally {
      browser.close();
    }
  });
});

describe('CHECK_CODE=display: the phone shows the number to compare', () => {
  const suite = serverForSuite({ CHECK_CODE: 'display' });

  it('tells the phone the code the browser shows, and confirms without a pick', async () => {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    const alice = suite.server.mobileToken('alice');
    const scan = await api.scan(login.id, alice);
    const shown = (await api.status(login.id, login.secret)).body.checkCode;
    expect(scan.body.checkCode).toEqual({ mode: 'display', code: shown });
    expect((await api.confirm(login.id, alice, { json: {} })).status).toBe(200);
  });
});

describe('CHECK_CODE=off', () => {
  const suite = serverForSuite({ CHECK_CODE: 'off' });

  it('has no code anywhere and confirms as before', async () => {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    const alice = suite.server.mobileToken('alice');
    expect((await api.scan(login.id, alice)).body.checkCode).toBeUndefined();
    expect((await api.status(login.id, login.secret)).body.checkCode).toBeUndefined();
    expect((await api.confirm(login.id, alice)).status).toBe(200);
  });
});
