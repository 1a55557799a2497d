// A React site's code against the published @qr-login/react (JSX, types from the packed `.d.ts`).
import { QrLogin, type QrLoginView, useQrLogin } from '@qr-login/react';

export function CustomLogin() {
  const login: QrLoginView = useQrLogin({ baseUrl: 'https://login.example.com', onSignedIn: (s) => s.token });
  if (login.session) return <p>Signed in as {login.session.user.name}</p>;
  return (
    <div>
      {login.qr?.image && <img src={login.qr.image} alt={`Or type ${login.userCode}`} />}
      {login.checkCode && <strong>Pick {login.checkCode} on your phone</strong>}
      <button type="button" onClick={login.renew}>
        New code
      </button>
    </div>
  );
}

export const element = <QrLogin baseUrl="https://login.example.com" onSignedIn={({ token }) => token.length} />;

// @ts-expect-error the hook reports states the contract has, not others
export const unknown: boolean = useQrLogin().state === 'approved';
