import { createQrLogin, type LoginStatus, type QrCode, type SessionGrant, type Transport } from '../browser/index';
import { byId, showOnly } from './dom';
import { readTokenClaims } from './token-claims';

const page = byId('login');
const waitingSection = byId('waiting');
const signedInSection = byId('signed-in');
const cover = byId('qr-cover');
const coverPicture = byId<HTMLImageElement>('cover-picture');
const coverText = byId('cover-text');
const checkCodeLine = byId('check-code-line');
const checkCode = byId('check-code');
const newQrButton = byId<HTMLButtonElement>('new-qr');
const cancelButton = byId<HTMLButtonElement>('cancel');
const statusLine = byId('status');
const transportLabel = byId('transport');
const phoneLink = byId<HTMLAnchorElement>('phone-link');
const userCode = byId('user-code');
const sameDeviceLink = byId<HTMLAnchorElement>('same-device');
const cliCommand = byId('cli-command');

const TRANSPORT_LABELS: Record<Transport, string> = {
  socket: 'live push (Socket.IO)',
  polling: 'polling (push unavailable)',
};

function setState(state: string, message: string): void {
  page.dataset.state = state;
  statusLine.textContent = message;
}

/** Lays a panel over the QR so a scanned or finished code cannot be scanned again by mistake. */
function showCover(text: string, options: { picture?: string; offerNewCode?: boolean; checkCode?: string } = {}): void {
  cover.hidden = false;
  coverText.textContent = text;
  checkCodeLine.hidden = options.checkCode === undefined;
  checkCode.textContent = options.checkCode ?? '';
  coverPicture.hidden = !options.picture;
  if (options.picture) coverPicture.src = options.picture;
  newQrButton.hidden = !options.offerNewCode;
  cancelButton.hidden = options.offerNewCode === true;
}

function showQr(qr: QrCode): void {
  showOnly([waitingSection, signedInSection], waitingSection);
  // Nothing said about the previous code may stay on the page beside the new one, not even hidden text.
  cover.hidden = true;
  coverText.textContent = '';
  coverPicture.hidden = true;
  checkCodeLine.hidden = true;
  checkCode.textContent = '';
  cancelButton.hidden = false;
  phoneLink.href = qr.content;
  // The QR content is the app's link: opened on the phone itself it starts the app with this login chosen.
  sameDeviceLink.href = qr.content;
  userCode.textContent = qr.userCode ?? '';
  cliCommand.textContent = `npm run phone -- --user alice "${qr.content}"`;
  setState('pending', 'Scan the code with the phone app you are signed in to.');
}

function showStatus(status: LoginStatus): void {
  const name = status.user?.name ?? 'your phone';
  switch (status.state) {
    case 'scanned':
      showCover(`Scanned by ${name}`, { picture: status.user?.picture, checkCode: status.checkCode });
      setState(
        'scanned',
        status.checkCode
          ? `Scanned by ${name}. On the phone, pick ${status.checkCode} to sign in.`
          : `Scanned by ${name}. Confirm on the phone to sign in.`,
      );
      break;
    case 'confirmed':
      showCover('Signing you in…', { picture: status.user?.picture });
      setState('confirmed', `${name} confirmed. Signing you in…`);
      break;
    case 'denied':
      showCover('Sign-in was denied on the phone.', { offerNewCode: true });
      setState('denied', 'Sign-in was denied on the phone. You are not signed in.');
      break;
    case 'cancelled':
      showCover('This code was cancelled.', { offerNewCode: true });
      setState('cancelled', 'Cancelled. Show a new code to try again.');
      break;
    case 'expired':
      showCover('This code expired. Making a new one…');
      setState('expired', 'The code expired. Making a new one…');
      break;
    case 'pending':
    case 'consumed':
      return;
  }
}

function showSession(session: SessionGrant): void {
  const claims = readTokenClaims(session.token);
  const userId = String(claims.sub);
  byId('user-name').textContent = session.user.name ?? userId;
  byId('user-id').textContent = userId;
  byId('session-expiry').textContent = `${Math.round(session.expiresIn / 60)} minutes`;
  const picture = byId<HTMLImageElement>('user-picture');
  picture.hidden = !session.user.picture;
  if (session.user.picture) picture.src = session.user.picture;
  showOnly([waitingSection, signedInSection], signedInSection);
  setState('signed-in', `Signed in as ${session.user.name ?? userId}.`);
  byId('welcome').focus();
}

function showError(error: Error): void {
  showCover(`Something went wrong: ${error.message}`, { offerNewCode: true });
  setState('error', 'Something went wrong. Try a new code.');
}

const login = createQrLogin({
  container: byId('qr'),
  onQr: showQr,
  onState: showStatus,
  onSignedIn: showSession,
  onError: showError,
  onTransport: (transport) => {
    page.dataset.transport = transport;
    transportLabel.textContent = TRANSPORT_LABELS[transport];
  },
});

newQrButton.addEventListener('click', () => void login.renew());
cancelButton.addEventListener('click', () => void login.cancel());
byId('sign-out').addEventListener('click', () => {
  setState('loading', 'Preparing a new code…');
  void login.renew();
});
