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
import { QrLoginMobile, type SignInRequest, type UserSession } from '@qr-login/mobile';
import { createSessionVerifier, SessionTokenError, type VerifiedSession } from '@qr-login/server';

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
export async function claimAndConfirm(content: string, pick: (choices: string[]) => string): Promise<'confirmed'> {
  const request: SignInRequest = await phone.claim(content);
  const decided = await phone.confirm(request.id, { checkCode: pick(request.choices) });
  return decided.state;
}

const sessionTokens = createSessionVerifier({
  serviceUrl: 'https://login.example.com',
  issuer: 'https://login.example.com',
  audience: 'shop',
});
export async function siteSignIn(token: string): Promise<VerifiedSession | string> {
  try {
    return await sessionTokens.signIn(token);
  } catch (error) {
    return error instanceof SessionTokenError ? error.code : 'unexpected';
  }
}
// @ts-expect-error only ES256 and RS256 are accepted
createSessionVerifier({ serviceUrl: 'x', issuer: 'x', audience: 'x', algorithms: ['HS256'] });

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
