import { QrApi } from '../support/qr-api';
import { subscribe } from '../support/qr-socket';
import { serverForSuite } from '../support/server';

const markOf = (content: string) => content.split('/').pop()!;

describe('QR_ROTATE_SECONDS: the QR content of a waiting login rotates', () => {
  const suite = serverForSuite({ QR_ROTATE_SECONDS: '2' });
  const alice = () => suite.server.mobileToken('alice');

  it('pushes each new content on the socket, and polling returns it (with its image when asked)', async () => {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin();
    expect(login.content).toMatch(new RegExp(`/scan/${login.id}/0\\.[A-Za-z0-9_-]{16}$`));
    expect(Date.parse((login as { rotatesAt?: string }).rotatesAt!)).toBeGreaterThan(Date.now());

    const outcome = await subscribe(suite.server.url, { id: login.id, secret: login.secret });
    if (outcome.kind !== 'subscribed') throw new Error(`socket refused: ${outcome.code}`);
    try {
      expect(outcome.subscription.pushes[0]).toMatchObject({ state: 'pending', content: login.content, rotation: 0 });
      const rotated = await outcome.subscription.waitFor((push) => (push.rotation ?? 0) >= 1, 8000);
      expect(rotated).toMatchObject({ state: 'pending', version: 1 });
      expect(rotated.content).not.toBe(login.content);
      expect(rotated.image).toBeUndefined(); // pushes stay small; the browser asks for the image

      const polled = await api.send('GET', `/api/qr/${login.id}?image=svg`, { secret: login.secret });
      expect(polled.body.content).toMatch(new RegExp(`/scan/${login.id}/[1-9]\\d*\\.`));
      expect(polled.body.image).toMatch(/^data:image\/svg\+xml;base64,/);
    } finally {
      outcome.subscription.close();
    }
  });

  it('refuses a QR older than one rotation at once with qr_replaced, and the current one still works', async () => {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    const relayed = login.content; // what an attacker copies into a phishing page
    const outcome = await subscribe(suite.server.url, { id: login.id, secret: login.secret });
    if (outcome.kind !== 'subscribed') throw new Error(`socket refused: ${outcome.code}`);
    let current: string;
    try {
      current = (await outcome.subscription.waitFor((push) => (push.rotation ?? 0) >= 2, 10_000)).content!;
    } finally {
      outcome.subscription.close();
    }

    const stale = await api.scan(login.id, alice(), { json: { rotation: markOf(relayed) } });
    expect(stale.status).toBe(410);
    expect(stale.body.error).toMatchObject({ code: 'qr_replaced' });
    expect(stale.body.error.message).toMatch(/scan the code on the screen now/);
    for (const json of [{}, { rotation: `${markOf(current).split('.')[0]}.AAAAAAAAAAAAAAAA` }]) {
      expect((await api.scan(login.id, alice(), { json })).status).toBe(410); // no mark, or a forged one
    }
    expect((await api.scan(login.id, alice(), { json: { rotation: 'not a mark' } })).status).toBe(400);
    expect((await api.status(login.id, login.secret)).body.state).toBe('pending');

    const fresh = (await api.status(login.id, login.secret)).body.content!;
    const scan = await api.scan(login.id, alice(), { json: { rotation: markOf(fresh) } });
    expect(scan.status).toBe(200);
    // Once claimed, the QR is covered and no longer rotates; a repeated scan by its user is answered the same.
    expect((await api.status(login.id, login.secret)).body.content).toBeUndefined();
    expect((await api.scan(login.id, alice(), { json: { rotation: markOf(relayed) } })).status).toBe(200);
    const metrics = await api.metrics();
    expect(metrics).toMatch(/qr_login_refusals_total\{action="scan",reason="qr_replaced"\} [1-9]/);
  });

  it('serves the phone page at the rotated address, and nothing at a malformed one', async () => {
    const api = new QrApi(suite.server.url);
    const login = await api.createLogin({ query: '?image=none' });
    expect((await api.send('GET', new URL(login.content).pathname)).status).toBe(200);
    expect((await api.send('GET', `/scan/${login.id}/not-a-mark`)).status).toBe(404);
  });
});
