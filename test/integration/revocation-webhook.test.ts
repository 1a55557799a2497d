/** The revocation webhook: signed, retried within bounds, and sent when a user ends a session. */
import { randomUUID } from 'node:crypto';
import type { Session } from '../../server/domain';
import { RevocationWebhook } from '../../server/webhooks/revocation-webhook';
import { DELIVERY_HEADER, SIGNATURE_HEADER, verifyWebhookSignature } from '../../server/webhooks/webhook-signature';
import type { SessionsEndedEvent } from '../../server/wire';
import { signIn } from '../support/flows';
import { QrApi } from '../support/qr-api';
import { startTestServer } from '../support/server';
import { startWebhookReceiver } from '../support/webhook-receiver';

const SECRET = 'webhook-secret-0123456789abcdef0123456789';
const now = () => Math.floor(Date.now() / 1000);

function ended(userId = 'alice'): Session {
  return {
    id: randomUUID(),
    userId,
    createdAt: Date.now(),
    expiresAt: Date.now() + 60_000,
    ip: '127.0.0.1',
    site: 'https://shop.example',
    endedAt: Date.now(),
    endReason: 'revoked',
  };
}

async function withWebhook(
  respond: Parameters<typeof startWebhookReceiver>[0],
  run: (
    receiver: Awaited<ReturnType<typeof startWebhookReceiver>>,
    webhook: RevocationWebhook,
    gaveUp: string[],
  ) => Promise<void>,
) {
  const receiver = await startWebhookReceiver(respond);
  const gaveUp: string[] = [];
  const webhook = new RevocationWebhook({
    url: receiver.url,
    secret: SECRET,
    timeoutMs: 300,
    attempts: 3,
    backoffMs: 50,
    onGiveUp: (_event, reason) => gaveUp.push(reason),
  });
  try {
    await run(receiver, webhook, gaveUp);
  } finally {
    await webhook.close();
    await receiver.close();
  }
}

describe('the revocation webhook', () => {
  it('POSTs the ended sessions as JSON signed with HMAC-SHA256 over a timestamp and the exact body', async () => {
    await withWebhook(undefined, async (receiver, webhook) => {
      const session = ended();
      webhook.sessionsEnded([session]);
      const [delivery] = await receiver.received(1);
      const signature = delivery!.headers[SIGNATURE_HEADER.toLowerCase()] as string;
      expect(delivery!.headers['content-type']).toBe('application/json');
      expect(verifyWebhookSignature(SECRET, signature, delivery!.body, now())).toBe(true);
      expect(JSON.parse(delivery!.body)).toEqual({
        type: 'sessions.ended',
        id: expect.any(String),
        occurredAt: expect.any(String),
        sessions: [{ sub: 'alice', jti: session.id, exp: Math.floor(session.expiresAt / 1000), reason: 'revoked' }],
      });
      // What a receiver refuses: another body, another secret, a replay outside the tolerance.
      expect(verifyWebhookSignature(SECRET, signature, delivery!.body.replace('alice', 'bob'), now())).toBe(false);
      expect(verifyWebhookSignature(`${SECRET}x`, signature, delivery!.body, now())).toBe(false);
      expect(verifyWebhookSignature(SECRET, signature, delivery!.body, now() + 301)).toBe(false);
      expect(verifyWebhookSignature(SECRET, undefined, delivery!.body, now())).toBe(false);
    });
  });

  it('retries after an error status and after a timeout, with the same event id, until one succeeds', async () => {
    const answers: Array<number | 'hang'> = [503, 'hang', 204];
    await withWebhook(
      (attempt) => answers[attempt - 1] ?? 204,
      async (receiver, webhook, gaveUp) => {
        webhook.sessionsEnded([ended()]);
        const deliveries = await receiver.received(3);
        const ids = deliveries.map((d) => (JSON.parse(d.body) as SessionsEndedEvent).id);
        expect(new Set(ids).size).toBe(1);
        // The receiver can drop a repeat by its header alone, before reading the body.
        expect(deliveries.map((d) => d.headers[DELIVERY_HEADER.toLowerCase()])).toEqual(ids);
        for (const d of deliveries) {
          expect(
            verifyWebhookSignature(SECRET, d.headers[SIGNATURE_HEADER.toLowerCase()] as string, d.body, now()),
          ).toBe(true);
        }
        await webhook.close();
        expect(receiver.deliveries).toHaveLength(3);
        expect(gaveUp).toEqual([]);
      },
    );
  });

  it('gives up after the last attempt, and at once when the receiver refuses the body', async () => {
    await withWebhook(
      () => 500,
      async (receiver, webhook, gaveUp) => {
        webhook.sessionsEnded([ended()]);
        await receiver.received(3);
        await webhook.close();
        expect(receiver.deliveries).toHaveLength(3);
        expect(gaveUp).toEqual(['status 500']);
      },
    );
    await withWebhook(
      () => 401,
      async (receiver, webhook, gaveUp) => {
        webhook.sessionsEnded([ended()]);
        await receiver.received(1);
        await webhook.close();
        expect(receiver.deliveries).toHaveLength(1);
        expect(gaveUp).toEqual(['status 401']);
      },
    );
  });
});

describe('a service with REVOCATION_WEBHOOK_URL', () => {
  it('tells the relying service when a user ends a session', async () => {
    const receiver = await startWebhookReceiver();
    const server = await startTestServer({ REVOCATION_WEBHOOK_URL: receiver.url, REVOCATION_WEBHOOK_SECRET: SECRET });
    try {
      const { sessionId } = await signIn(server, 'alice');
      const reply = await new QrApi(server.url).send('DELETE', `/api/sessions/${sessionId}`, {
        token: server.mobileToken('alice'),
      });
      expect(reply.status).toBe(204);
      const [delivery] = await receiver.received(1);
      expect(
        verifyWebhookSignature(SECRET, delivery!.headers['x-qr-login-signature'] as string, delivery!.body, now()),
      ).toBe(true);
      expect((JSON.parse(delivery!.body) as SessionsEndedEvent).sessions).toEqual([
        { sub: 'alice', jti: sessionId, exp: expect.any(Number), reason: 'revoked' },
      ]);
    } finally {
      await server.close();
      await receiver.close();
    }
  });
});
