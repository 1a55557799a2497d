import jwt from 'jsonwebtoken';
import { scanBodyOf } from '../support/qr-api';
import { serverForSuite, TEST_SESSION_JWT_SECRET } from '../support/server';

const suite = serverForSuite();

describe('a browser that polls signs in once the phone confirms', () => {
  it('goes pending -> scanned -> confirmed -> consumed and hands out a session token once', async () => {
    const created = await suite.api.createLogin({ headers: { 'user-agent': 'BrowserApp/1.0' } });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.secret.length).toBeGreaterThanOrEqual(43);
    // The QR's content: the scan link with the login id, then the mark of the QR rotating on the defaults.
    expect(created.content).toMatch(new RegExp(`^${suite.server.url}/scan/${created.id}/0\\.[\\w-]{16}$`));
    expect(created.content).not.toContain(created.secret);
    expect(created.image).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Date.parse(created.expiresAt)).toBeGreaterThan(Date.now());

    const pending = await suite.api.status(created.id, created.secret);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ id: created.id, state: 'pending', version: 1 });
    expect(pending.body.user).toBeUndefined();

    const phone = suite.server.mobileToken('user-42', { name: 'Alice', picture: 'https://example.test/a.png' });
    const scan = await suite.api.send('POST', `/api/qr/${created.id}/scan`, {
      token: phone,
      headers: { 'User-Agent': 'PhoneApp/1.0' },
      json: scanBodyOf(created.content), // the rotation mark the phone read in the QR
    });
    expect(scan.status).toBe(200);
    expect(scan.body).toMatchObject({ id: created.id, state: 'scanned', requester: { ip: '127.0.0.1' } });
    expect(scan.body.requester.userAgent).toBe('BrowserApp/1.0');
    expect(Date.parse(scan.body.requester.createdAt)).toBeLessThanOrEqual(Date.now());

    const scanned = await suite.api.status(created.id, created.secret);
    expect(scanned.body).toMatchObject({
      state: 'scanned',
      version: 2,
      user: { name: 'Alice', picture: 'https://example.test/a.png' },
    });

    const confirm = await suite.api.confirm(created.id, phone);
    expect(confirm).toMatchObject({ status: 200, body: { id: created.id, state: 'confirmed' } });
    expect((await suite.api.status(created.id, created.secret)).body).toMatchObject({ state: 'confirmed', version: 3 });

    const token = await suite.api.token(created.id, created.secret);
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ tokenType: 'Bearer', user: { id: 'user-42', name: 'Alice' } });
    // What is left of the token's life when the answer is made: a second may have passed since it was issued.
    expect(token.body.expiresIn).toBeGreaterThanOrEqual(3599);
    expect(token.body.expiresIn).toBeLessThanOrEqual(3600);
    const claims = jwt.verify(token.body.token, TEST_SESSION_JWT_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: 'user-42', name: 'Alice' });
    expect(claims.jti).toEqual(expect.any(String));
    expect(claims.exp! - claims.iat!).toBe(3600);

    expect((await suite.api.status(created.id, created.secret)).body).toMatchObject({ state: 'consumed', version: 4 });
    // Asked again (its answer lost), the browser gets the same token, not a second one.
    const again = await suite.api.token(created.id, created.secret);
    expect(again.status).toBe(200);
    expect(again.body.token).toBe(token.body.token);
  });

  it('offers the QR image as PNG on request, or none', async () => {
    expect((await suite.api.createLogin({ query: '?image=png' })).image).toMatch(/^data:image\/png;base64,/);
    expect((await suite.api.createLogin({ query: '?image=none' })).image).toBeUndefined();
    const bad = await suite.api.create({ query: '?image=gif' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_request');
  });
});

describe('the browser secret binds the login to the browser that made it', () => {
  it('refuses status, token and cancel without the right secret, and changes nothing', async () => {
    const login = await suite.api.createLogin();
    const other = await suite.api.createLogin();
    for (const secret of [
      undefined,
      '',
      'x',
      other.secret,
      login.secret.slice(0, -1) + (login.secret.endsWith('A') ? 'B' : 'A'),
    ]) {
      const options = secret === undefined ? {} : { secret };
      for (const [method, path] of [
        ['GET', `/api/qr/${login.id}`],
        ['POST', `/api/qr/${login.id}/token`],
        ['DELETE', `/api/qr/${login.id}`],
      ] as const) {
        const reply = await suite.api.send(method, path, options);
        expect({ method, secret, status: reply.status, code: reply.body.error.code }).toEqual({
          method,
          secret,
          status: 403,
          code: 'forbidden',
        });
      }
    }
    expect((await suite.api.status(login.id, login.secret)).body).toMatchObject({ state: 'pending', version: 1 });
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const login = await suite.api.createLogin();
    const unknown = await suite.api.status('9b2f6a35-0e5f-4a8e-9c7d-2f1e0d3c4b5a', login.secret);
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    for (const id of ['nope', '1', 'ffffffff-ffff-1fff-8fff-ffffffffffff', `${login.id}x`]) {
      const reply = await suite.api.status(id, login.secret);
      expect(reply).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
    }
  });
});

describe('cancel', () => {
  it('ends the login for the browser; the phone then gets 409 naming the state', async () => {
    const login = await suite.api.createLogin();
    expect((await suite.api.cancel(login.id, login.secret)).status).toBe(204);
    expect((await suite.api.status(login.id, login.secret)).body.state).toBe('cancelled');
    expect((await suite.api.cancel(login.id, login.secret)).status).toBe(204);
    const scan = await suite.api.scan(login.id, suite.server.mobileToken('u1'));
    expect(scan).toMatchObject({ status: 409, body: { error: { code: 'conflict', state: 'cancelled' } } });
  });
});
