import '../browser/element/define';
import type { QrLoginElement, SessionGrant, Transport } from '../browser/index';
import { byId, showOnly } from './dom';
import { pageLanguage, say } from './page-messages';
import { readTokenClaims } from './token-claims';

/** The demo login page: the SDK's `<qr-login>` element does the sign-in; the page shows who signed in. */
const page = byId('login');
const waitingSection = byId('waiting');
const signedInSection = byId('signed-in');
const element = byId<QrLoginElement>('qr');
const cancelButton = byId<HTMLButtonElement>('cancel');

const TRANSPORT_LABELS: Record<Transport, string> = {
  socket: say('transportSocket'),
  polling: say('transportPolling'),
};
const minutes = new Intl.NumberFormat(pageLanguage, { style: 'unit', unit: 'minute', unitDisplay: 'long' });

/** `data-state` names what the page shows: the element's state, or how the last attempt ended beside a new QR. */
function showState(): void {
  page.dataset.state = element.getAttribute('notice') ?? element.state;
  cancelButton.hidden = !['pending', 'scanned'].includes(element.state);
}

function showSession(session: SessionGrant): void {
  const claims = readTokenClaims(session.token);
  const userId = String(claims.sub);
  byId('user-name').textContent = session.user.name ?? userId;
  byId('user-id').textContent = userId;
  byId('session-expiry').textContent = minutes.format(Math.round(session.expiresIn / 60));
  const picture = byId<HTMLImageElement>('user-picture');
  picture.hidden = !session.user.picture;
  if (session.user.picture) picture.src = session.user.picture;
  showOnly([waitingSection, signedInSection], signedInSection);
  page.dataset.state = 'signed-in';
  byId('welcome').focus();
}

byId('transport').textContent = say('connecting');
element.addEventListener('qr', ({ detail: qr }) => {
  byId<HTMLAnchorElement>('phone-link').href = qr.content;
  byId('cli-command').textContent = `npm run phone -- --user alice "${qr.content}"`;
  showState();
});
element.addEventListener('state', showState);
element.addEventListener('error', showState);
element.addEventListener('signed-in', ({ detail }) => showSession(detail));
element.addEventListener('transport', ({ detail: transport }) => {
  page.dataset.transport = transport;
  byId('transport').textContent = TRANSPORT_LABELS[transport];
});

cancelButton.addEventListener('click', () => void element.cancel());
byId('sign-out').addEventListener('click', () => {
  showOnly([waitingSection, signedInSection], waitingSection);
  void element.renew();
});
