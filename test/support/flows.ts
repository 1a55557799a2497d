import { connectBrowser, type WaitingBrowser } from './browser-socket';
import { QrApi } from './qr-api';
import type { TestServer } from './server';

/**
 * The whole happy path over push on one server: a browser creates a login and waits on its socket, alice's
 * phone scans and confirms. Resolves with the browser once it was pushed "confirmed" (the caller closes it).
 */
export async function confirmOverPush(server: TestServer): Promise<WaitingBrowser> {
  const api = new QrApi(server.url);
  const login = await api.createLogin();
  const browser = await connectBrowser(server.url, { id: login.id, secret: login.secret });
  const alice = server.mobileToken('alice');
  await api.scan(login.id, alice);
  await api.confirm(login.id, alice);
  await browser.waitForState('confirmed');
  return browser;
}
