/**
 * The mobile SDK's documented path on the service's defaults (number matching, rotating QR): `claim` from the
 * QR's text or a typed user code, the choices shown, `confirm` with the number the browser shows, or `deny`.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { InvalidQrContentError, QrLoginApiError } from '../../client/mobile/index';
import { eventually } from '../support/eventually';
import { phoneAs } from '../support/phone-sdk';
import { QrApi } from '../support/qr-api';
import { serverForSuite } from '../support/server';

describe('the mobile SDK’s one phone path, on the defaults', () => {
  const suite = serverForSuite();

  /** What the browser's screen shows once scanned: the number the phone's user must pick. */
  async function numberOnScreen(api: QrApi, id: string, secret: string): Promise<string> {
    const { body } = await api.status(id, secret);
    if (!body.checkCode) throw new Error(`the browser shows no number: ${JSON.stringify(body)}`);
    return body.checkCode;
  }

  it('claims from the QR’s text, offers the choices, and confirms with the number the browser shows', async () => {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    expect(login.content).toMatch(new RegExp(`/scan/${login.id}/\\d+\\.[\\w-]{16}$`));
    const phone = phoneAs(suite.server, 'alice');

    const request = await phone.claim(login.content);
    expect(request).toMatchObject({ id: login.id, requester: { site: new URL(suite.server.url).origin } });
    expect(request.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const shown = await numberOnScreen(api, login.id, login.secret);
    expect(request.choices).toHaveLength(3);
    expect(request.choices).toContain(shown);

    await expect(phone.confirm(request.id, { checkCode: shown })).resolves.toEqual({
      id: login.id,
      state: 'confirmed',
    });
    expect((await api.token(login.id, login.secret)).status).toBe(200);
  });

  it('claims from the code typed from under the QR, in any case and without the dash', async () => {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    const phone = phoneAs(suite.server, 'bob');
    const request = await phone.claim(` ${login.userCode.replace('-', '').toLowerCase()} `);
    expect(request.id).toBe(login.id);
    const shown = await numberOnScreen(api, login.id, login.secret);
    await phone.confirm(request.id, { checkCode: shown });
    expect((await api.status(login.id, login.secret)).body).toMatchObject({ state: 'confirmed' });
  });

  it('a wrong pick ends the sign-in; a denial too', async () => {
    const api = new QrApi(suite.server.url);
    const phone = phoneAs(suite.server, 'carol');

    const picked = await api.createLogin({ query: '?image=none' });
    const request = await phone.claim(picked.content);
    const shown = await numberOnScreen(api, picked.id, picked.secret);
    const wrong = request.choices.find((choice) => choice !== shown)!;
    await expect(phone.confirm(request.id, { checkCode: wrong })).rejects.toMatchObject({
      code: 'check_code_mismatch',
    });
    expect((await api.status(picked.id, picked.secret)).body).toMatchObject({ state: 'denied' });

    const denied = await api.createLogin({ query: '?image=none' });
    await phone.deny((await phone.claim(denied.content)).id);
    expect((await api.status(denied.id, denied.secret)).body).toMatchObject({ state: 'denied' });
  });

  it('refuses, before any request, what is neither this service’s QR nor a user code', async () => {
    const phone = phoneAs(suite.server, 'alice');
    for (const input of ['https://evil.example/scan/3b241101-e2bb-4255-8caf-4136c566a962', 'hello', 'BCDF-GHJ']) {
      await expect(phone.claim(input)).rejects.toBeInstanceOf(InvalidQrContentError);
    }
  });

  it('the deprecated parseQrContent + scan(id) drops the rotation mark, which the defaults refuse', async () => {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    const phone = phoneAs(suite.server, 'alice');
    const error = await phone.scan(phone.parseQrContent(login.content)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QrLoginApiError);
    expect(error).toMatchObject({ status: 410, code: 'qr_replaced' });
    expect((await api.status(login.id, login.secret)).body).toMatchObject({ state: 'pending' });
  });

  it('npm run phone takes the same path: claims the QR, asks which number the browser shows, confirms', async () => {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    const cli = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/phone.ts', '--user', 'bob', '--yes', login.content],
      {
        cwd: path.resolve(__dirname, '../..'),
      },
    );
    let output = '';
    cli.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    cli.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => cli.on('close', resolve));
    try {
      await eventually(async () => output.includes('Which number does the other screen show?'), 20_000);
      const shown = await numberOnScreen(api, login.id, login.secret);
      cli.stdin.end(`${shown}\n`);
      expect(await exited).toBe(0);
    } finally {
      cli.kill();
    }
    expect(output).toContain('Sign in on another screen as bob?');
    expect(output).toContain('Confirmed');
    expect((await api.status(login.id, login.secret)).body).toMatchObject({ state: 'confirmed' });
  }, 30_000);
});
