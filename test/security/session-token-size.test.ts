/**
 * A site keeps the session token in a cookie (4 KiB for all of a site's cookies): for a typical user it stays
 * under 1 KiB, even signed RS256 with iss and aud, because a data: URL picture never goes into it.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { TokenBody } from '../../server/wire';
import { expectStatus } from '../support/contract-checks';
import { QrApi } from '../support/qr-api';
import { withTestServer } from '../support/server';

const PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const DATA_URL_PICTURE = `data:image/png;base64,${Buffer.alloc(3000, 7).toString('base64')}`;
const LINK_PICTURE = 'https://cdn.example.com/avatars/9f1c2e7a-55b1-4c47-9d0e-2c3f1b6a8e4d.png';

test.each([
  ['a data: URL picture, left out', DATA_URL_PICTURE, undefined],
  ['a picture link, kept', LINK_PICTURE, LINK_PICTURE],
])('a typical user with %s gets a session token of at most 1 KiB', async (_name, picture, inToken) => {
  await withTestServer(
    { SESSION_JWT_PRIVATE_KEY: PRIVATE_KEY, SESSION_JWT_ISSUER: 'https://login.example', SESSION_JWT_AUDIENCE: 'shop' },
    async (server) => {
      const api = new QrApi(server.url);
      const phone = server.mobileToken(randomUUID(), { name: 'Alexandra Example-Smith', picture });
      const login = await api.createLogin();
      expectStatus(await api.scan(login.id, phone), 200);
      expectStatus(await api.confirm(login.id, phone), 200);
      const { token, user } = expectStatus(await api.token(login.id, login.secret), 200) as TokenBody;
      expect(Buffer.byteLength(token)).toBeLessThanOrEqual(1024);
      expect((jwt.decode(token) as jwt.JwtPayload).picture).toBe(inToken);
      // The browser still gets the picture to show, outside the token.
      expect(user.picture).toBe(picture);
    },
  );
});
