import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { QrLogin } from '../../client/browser/qr-login';
import type { LoginState, SessionGrant } from '../../client/shared/wire-types';

/**
 * A stand-in service whose instance missed the confirm push: its local timer pushes "expired" while the store
 * (its status endpoint) says "confirmed". Only the SDK is under test here, so the service is a few lines.
 */
function missedPushService(id: string) {
  const expiresAt = new Date(Date.now() + 60_000).toISOString();
  const reads: LoginState[] = [];
  const http: HttpServer = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'POST' && request.url === '/api/qr') {
      return reply(201, { id, secret: 's'.repeat(43), content: `x/scan/${id}`, expiresAt, pollIntervalMs: 60_000 });
    }
    if (request.method === 'GET' && request.url === `/api/qr/${id}`) {
      reads.push('confirmed');
      return reply(200, { id, state: 'confirmed', version: 3, expiresAt });
    }
    if (request.method === 'POST' && request.url === `/api/qr/${id}/token`) {
      return reply(200, { token: 'the.session.token', tokenType: 'Bearer', expiresIn: 3600, user: { id: 'alice' } });
    }
    reply(404, { error: { code: 'not_found', message: 'no' } });
  });
  const io = new Server(http);
  io.of('/qr').on('connection', (socket) => {
    socket.emit('state', { id, state: 'scanned', version: 2, expiresAt });
    socket.emit('state', { id, state: 'expired', version: 3, expiresAt });
    socket.disconnect(true);
  });
  return { http, io, reads };
}

describe('the browser SDK told of a final state it did not see happen', () => {
  it('reads the status first, and takes the token of a login that is in fact confirmed', async () => {
    const id = randomUUID();
    const service = missedPushService(id);
    await new Promise<void>((resolve) => service.http.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(service.http.address() as AddressInfo).port}`;
    const sdk = new QrLogin({ baseUrl, autoRenew: false });
    try {
      const session = await new Promise<SessionGrant>((resolve, reject) => {
        sdk.on('signedIn', resolve);
        sdk.on('error', reject);
        sdk.on('state', (status) => status.state === 'expired' && reject(new Error('shown "expired"')));
        void sdk.start();
      });
      expect(session.token).toBe('the.session.token');
      expect(service.reads.length).toBeGreaterThan(0);
    } finally {
      sdk.stop();
      await service.io.close();
    }
  });
});
