/**
 * The mobile SDK's settings-screen calls against a real server: the user's sessions listed and ended, one and
 * all, and the user's own activity; another user's session cannot be ended.
 */
import { QrLoginApiError } from '../../client/mobile/index';
import { signIn } from '../support/flows';
import { phoneAs } from '../support/phone-sdk';
import { startTestServer, type TestServer } from '../support/server';

describe('the mobile SDK’s sessions and activity', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('lists the sessions a scan started, ends one, then the rest, and reads the events', async () => {
    const carol = phoneAs(server, 'carol');
    await carol.endAllSessions();
    const first = await signIn(server, 'carol');
    const second = await signIn(server, 'carol');

    const listed = (await carol.sessions()).sessions.map((session) => session.id);
    expect(listed).toEqual([second.sessionId, first.sessionId]);

    await carol.endSession(first.sessionId);
    expect((await carol.sessions()).sessions.map((session) => session.id)).toEqual([second.sessionId]);
    await expect(carol.endSession(first.sessionId)).rejects.toMatchObject({ code: 'not_found', status: 404 });

    await expect(carol.endAllSessions()).resolves.toEqual({ ended: 1 });
    await expect(carol.sessions()).resolves.toEqual({ sessions: [] });

    const { events } = await carol.activity({ limit: 3 });
    expect(events.map((event) => event.type)).toEqual(['session_ended', 'session_ended', 'signed_in']);
  });

  it('cannot end another user’s session: the same 404 as an unknown one', async () => {
    const mine = await signIn(server, 'alice');
    const error = await phoneAs(server, 'bob')
      .endSession(mine.sessionId)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QrLoginApiError);
    expect(error).toMatchObject({ code: 'not_found' });
    expect((await phoneAs(server, 'alice').sessions()).sessions.map((session) => session.id)).toContain(mine.sessionId);
  });
});
