// The site's page: the service's browser SDK shows the QR and hands over the session token exactly once;
// the page passes it to its own backend, which verifies it and sets the site's own cookie.
const serviceUrl = document.documentElement.dataset.qrLoginUrl;
const status = document.getElementById('status');
const show = (text, state) => {
  status.textContent = text;
  status.dataset.state = state;
};

async function showSignedIn() {
  const me = await fetch('/me');
  if (!me.ok) return false;
  const { user } = await me.json();
  document.getElementById('sign-in').hidden = true;
  show(`Signed in as ${user.name ?? user.id}`, 'signed-in');
  return true;
}

// A session ended on the phone ends here too: when the tab comes back, the site's own check decides.
document.addEventListener('visibilitychange', async () => {
  if (document.visibilityState !== 'visible' || status.dataset.state !== 'signed-in') return;
  if ((await fetch('/me')).status === 401) {
    show('You were signed out from your phone. Reload to sign in again.', 'signed-out');
  }
});

if (!(await showSignedIn())) {
  const { createQrLogin } = await import(`${serviceUrl}/sdk/qr-login.mjs`);
  const login = createQrLogin({
    baseUrl: serviceUrl,
    container: document.getElementById('qr'),
    onState: (update) => {
      if (update.state !== 'scanned') return;
      const who = update.user?.name ? `, ${update.user.name}` : '';
      // Number matching (the service's default): the phone offers three numbers, the user picks the one shown here.
      show(
        update.checkCode ? `Pick ${update.checkCode} on your phone${who}` : `Confirm on your phone${who}…`,
        'scanned',
      );
      status.dataset.checkCode = update.checkCode ?? '';
    },
    onSignedIn: async ({ token }) => {
      login.stop();
      const response = await fetch('/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      if (response.ok && (await showSignedIn())) return;
      show('Sign-in failed. Reload to try again.', 'failed');
      status.dataset.reason = (await response.json().catch(() => undefined))?.error?.code ?? '';
    },
    onError: (error) => show(error.message, 'error'),
  });
  show('Waiting for the app…', 'pending');
}
