/**
 * The test page for @qr-login/react: a custom UI on `useQrLogin`, or the `<QrLogin>` component, behind a button
 * that unmounts it. The query says which (`ui=hook|component`), the service (`base`) and `strict=1` for StrictMode.
 */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { SessionGrant } from '../../../client/browser/index';
import { QrLogin, useQrLogin } from '../../../client/react/index';

const query = new URLSearchParams(location.search);
const baseUrl = query.get('base') ?? undefined;

function CustomLogin() {
  const login = useQrLogin({ baseUrl });
  return (
    <section id="login" data-state={login.session ? 'signed-in' : login.state} data-transport={login.transport}>
      <div id="qr">
        {login.qr?.image && (
          <img
            src={login.qr.image}
            data-qr-id={login.qr.id}
            width={256}
            height={256}
            alt={`QR code to scan with the app, or type the code ${login.userCode}`}
          />
        )}
      </div>
      <p id="user-code">{login.userCode}</p>
      {login.user && <p id="scanned-by">Scanned by {login.user.name}</p>}
      {login.checkCode && <p id="check-code">Pick {login.checkCode} on your phone</p>}
      {login.session && <p id="signed-in-user">{login.session.user.id}</p>}
      {login.error && <p id="error">{login.error.message}</p>}
      <button type="button" id="renew" onClick={login.renew}>
        New code
      </button>
      <button type="button" id="cancel" onClick={login.cancel}>
        Cancel
      </button>
    </section>
  );
}

function ElementLogin() {
  const [signedIn, setSignedIn] = useState<SessionGrant>();
  const [state, setState] = useState<string>();
  return (
    <section id="login" data-state={signedIn ? 'signed-in' : state}>
      <QrLogin baseUrl={baseUrl} size={256} onState={(status) => setState(status.state)} onSignedIn={setSignedIn} />
      {signedIn && (
        <p id="signed-in-user" data-token={signedIn.token}>
          {signedIn.user.id}
        </p>
      )}
    </section>
  );
}

function App() {
  const [shown, setShown] = useState(true);
  return (
    <main>
      <button type="button" id="toggle" onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : 'Show'}
      </button>
      {shown && (query.get('ui') === 'component' ? <ElementLogin /> : <CustomLogin />)}
    </main>
  );
}

const root = createRoot(document.getElementById('root')!);
root.render(
  query.get('strict') === '1' ? (
    <StrictMode>
      <App />
    </StrictMode>
  ) : (
    <App />
  ),
);
