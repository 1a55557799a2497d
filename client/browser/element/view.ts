import type { DenialReason } from '../../shared/wire-types';
import { formatMessage, type MessageId, type Messages } from './messages';
import { fillText, type Parts } from './template';

/** The endings after which the element shows a fresh QR with a line saying what happened to the last one. */
export type Notice = 'denied' | 'expired';

/** What a denial says, by its reason; without one (an older service, or a reason this SDK does not know yet), `denied`. */
const DENIAL_MESSAGES: Record<DenialReason, MessageId> = { declined: 'declined', wrong_check_code: 'wrongCheckCode' };

/** What the element shows; `state` on the host names it for a site's CSS and tests. */
export type View =
  | { state: 'loading' }
  | { state: 'pending'; notice?: Notice; reason?: DenialReason }
  | { state: 'scanned'; name?: string; picture?: string; checkCode?: string }
  | { state: 'confirmed'; name?: string; picture?: string }
  | { state: 'signed-in'; name?: string; picture?: string }
  | { state: 'cancelled' }
  | { state: 'error'; message: MessageId };

function noticeMessage(notice: Notice, reason: DenialReason | undefined): MessageId {
  return (notice === 'denied' && reason && DENIAL_MESSAGES[reason]) || notice;
}

/** The QR on screen. */
export interface ShownQr {
  id: string;
  content: string;
  image?: string;
  userCode?: string;
}

/** Draws `view` into the shadow tree; text comes from `messages` only. */
export function renderView(parts: Parts, view: View, qr: ShownQr | undefined, messages: Messages): void {
  const say = (id: MessageId, values?: Record<string, string>) => formatMessage(messages[id], values);
  const name = 'name' in view && view.name ? view.name : say('someone');
  const waiting = view.state === 'pending';

  parts.cover.hidden = waiting || view.state === 'loading';
  // A covered QR is no longer there for anyone: a screen reader must not read its old user code either.
  if (parts.cover.hidden) parts.qr.removeAttribute('aria-hidden');
  else parts.qr.setAttribute('aria-hidden', 'true');
  parts.userCodeLine.hidden = !waiting || !qr?.userCode;
  parts.sameDeviceLine.hidden = !waiting || !qr;
  parts.retry.hidden = view.state !== 'error';
  parts.newCode.hidden = view.state !== 'cancelled';
  parts.retry.textContent = say('retry');
  parts.newCode.textContent = say('newCode');
  parts.sameDevice.textContent = say('sameDevice');

  const picture = 'picture' in view ? view.picture : undefined;
  parts.picture.hidden = !picture;
  if (picture) parts.picture.src = picture;
  else parts.picture.removeAttribute('src');
  parts.pick.hidden = true;
  parts.pick.replaceChildren();

  let status = '';
  let tone: 'warning' | 'error' | undefined;
  switch (view.state) {
    case 'loading':
      status = say('preparing');
      break;
    case 'pending':
      status = view.notice ? say(noticeMessage(view.notice, view.reason)) : say('scanPrompt');
      tone = view.notice ? 'warning' : undefined;
      break;
    case 'scanned': {
      parts.coverText.textContent = say('scannedBy', { name });
      const next = view.checkCode ? say('pickCode', { checkCode: view.checkCode }) : say('confirmOnPhone');
      if (view.checkCode) {
        parts.pick.hidden = false;
        fillText(parts.pick, messages.pickCode, { checkCode: view.checkCode }, ['checkCode']);
      }
      status = `${say('scannedBy', { name })} ${next}`;
      break;
    }
    case 'confirmed':
      status = say('confirmed', { name });
      parts.coverText.textContent = status;
      break;
    case 'signed-in':
      status = say('signedIn', { name });
      parts.coverText.textContent = status;
      break;
    case 'cancelled':
      status = say('cancelled');
      parts.coverText.textContent = status;
      break;
    case 'error':
      status = say(view.message);
      parts.coverText.textContent = status;
      tone = 'error';
      break;
  }
  if (parts.status.textContent !== status) parts.status.textContent = status;
  // Over the QR the cover already shows these words: the live region still announces them, unseen.
  parts.status.classList.toggle('covered', !parts.cover.hidden);
  if (tone) parts.status.dataset.tone = tone;
  else delete parts.status.dataset.tone;
  renderQrCode(parts, qr, messages);
}

/** The QR picture, its text alternative (naming the user code) and the lines that go with it. */
export function renderQrCode(parts: Parts, qr: ShownQr | undefined, messages: Messages): void {
  if (!qr?.image) {
    parts.qr.removeAttribute('src');
    parts.qr.alt = '';
    delete parts.qr.dataset.qrId;
    return;
  }
  if (parts.qr.getAttribute('src') !== qr.image) parts.qr.src = qr.image;
  parts.qr.dataset.qrId = qr.id;
  parts.qr.alt = formatMessage(messages.qrAlt, { userCode: qr.userCode ?? '' });
  parts.sameDevice.href = qr.content;
  if (qr.userCode) fillText(parts.userCodeLine, messages.userCode, { userCode: qr.userCode }, ['userCode']);
}
