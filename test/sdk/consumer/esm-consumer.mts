// A site's code as it would be written against the published packages (ES modules, `import`).
import {
  type CreatedLogin,
  createQrLogin,
  defineQrLoginElement,
  type LoginState,
  type LoginStatus,
  type QrLoginElement,
  QrLoginError,
  type QrLoginOptions,
  type SessionGrant,
} from '@qr-login/browser';
import '@qr-login/browser/element';
import { describeRequester, QrLoginMobile, type ScanResult, type UserSession } from '@qr-login/mobile';

const options: QrLoginOptions = {
  baseUrl: 'https://login.example.com',
  requestTimeoutMs: 5_000,
  onState: (status: LoginStatus) => status.user?.name,
  onSignedIn: (session: SessionGrant) => session.token.length + session.expiresIn,
  onError: (error) => (error instanceof QrLoginError ? [error.code, error.retryAfterSeconds] : error.message),
};
export const login = createQrLogin(options);

export function pollInterval(created: CreatedLogin): number {
  return created.pollIntervalMs;
}

export const state: LoginState = 'scanned';
// @ts-expect-error the contract has no such state
export const unknownState: LoginState = 'approved';

const phone = new QrLoginMobile({ baseUrl: 'https://login.example.com', getToken: () => 'jwt' });
export async function scanAndConfirm(content: string): Promise<'confirmed'> {
  const scanned: ScanResult = await phone.scan(phone.parseQrContent(content));
  describeRequester(scanned);
  const decided = await phone.confirm(scanned.id);
  return decided.state;
}

export async function endOldestSession(): Promise<string | undefined> {
  const { sessions } = await phone.sessions();
  const oldest: UserSession | undefined = sessions.at(-1);
  if (oldest) await phone.endSession(oldest.id);
  return oldest?.site;
}

// The <qr-login> element: its own events are typed.
defineQrLoginElement();
export function sendTokenOnSignIn(element = document.querySelector<QrLoginElement>('qr-login')!): void {
  element.addEventListener('signed-in', (event) => fetch('/session', { method: 'POST', body: event.detail.token }));
}
