import { QrLoginMobile } from '../../client/mobile/index';
import { findDemoUser } from '../../server/demo/users';
import type { TestServer } from './server';

/** The test plays the phone with the mobile SDK, signed in as a demo user. */
export function phoneAs(server: TestServer, userId: 'alice' | 'bob' | 'carol'): QrLoginMobile {
  const user = findDemoUser(userId);
  if (!user) throw new Error(`no demo user ${userId}`);
  const token = server.mobileToken(user.id, { name: user.name, picture: user.picture });
  return new QrLoginMobile({ baseUrl: server.url, getToken: () => token });
}
