import {
  describeRequester,
  InvalidQrContentError,
  QrLoginApiError,
  QrLoginMobile,
  type ScanResult,
} from '../mobile/index';
import { type DemoUser, fetchDemoUsers, fetchMobileToken } from './demo-api';
import { byId, showOnly } from './dom';
import { say } from './page-messages';
import { describeAge, describeBrowser } from './requester-words';

const baseUrl = location.origin;
const page = byId('phone');
const steps = {
  choose: byId('step-choose'),
  code: byId('step-code'),
  confirm: byId('step-confirm'),
  done: byId('step-done'),
};
const message = byId('phone-message');
const userList = byId<HTMLUListElement>('users');
const denyButton = byId<HTMLButtonElement>('deny');
const confirmButton = byId<HTMLButtonElement>('confirm');
/** `/phone`: the login is found by the typed code; `/scan/<id>`: it is the one in the QR that opened the page. */
const typedCode = location.pathname === '/phone';
let currentLoginId = '';

let token: string | undefined;
const mobile = new QrLoginMobile({
  baseUrl,
  getToken: () => token ?? Promise.reject(new Error('Pick a user first.')),
});

function goTo(step: keyof typeof steps, text = ''): void {
  page.dataset.step = step;
  showOnly(Object.values(steps), steps[step]);
  message.textContent = text;
  steps[step].querySelector('h1')?.focus();
}

/** What a person can do about each failure, in their words. */
function explain(error: unknown): string {
  if (error instanceof InvalidQrContentError) return say('notOurCode');
  if (!(error instanceof QrLoginApiError)) return say('unreachable');
  switch (error.code) {
    case 'bad_request':
      return say(typedCode ? 'badCode' : 'notOurCode');
    case 'not_found':
      return say(typedCode ? 'noSuchCode' : 'codeGone');
    case 'conflict':
      return say('codeUsed');
    case 'forbidden':
      return say('scannedByOther');
    case 'unauthorized':
      return say('signInStale');
    case 'rate_limited':
      return say('tooMany');
    case 'qr_replaced':
      return say('qrReplaced');
    case 'check_code_mismatch':
      return say('wrongPick');
    case 'check_code_required':
      return say('pickRequired');
    default:
      return say('failed');
  }
}

function fail(error: unknown): void {
  byId('done-title').textContent = say('failedTitle');
  byId('done-text').textContent = explain(error);
  page.dataset.outcome = 'error';
  goTo('done');
}

function showRequester(user: DemoUser, scan: ScanResult): void {
  const requester = describeRequester(scan);
  byId<HTMLImageElement>('me-picture').src = user.picture;
  byId('me-name').textContent = user.name;
  byId('req-browser').textContent = describeBrowser(scan.requester);
  byId('req-site').textContent = requester.site;
  byId('req-ip').textContent = requester.ip;
  byId('req-location').textContent = requester.location ?? '';
  byId('req-location').hidden = byId('req-location-label').hidden = requester.location === undefined;
  byId('req-age').textContent = describeAge(requester.ageSeconds);
  byId('req-ua').textContent = requester.userAgent;
  byId('other-network').hidden = requester.sameNetwork;
  showCheckCode(scan.checkCode);
  goTo('confirm');
}

/**
 * Number matching: with `match` the user confirms by picking the number the other screen shows (a wrong pick
 * denies), so the plain Confirm button goes; with `display` the number is shown to compare before confirming.
 */
function showCheckCode(prompt: ScanResult['checkCode']): void {
  const check = byId('check');
  const choices = byId('check-choices');
  check.hidden = prompt === undefined;
  confirmButton.hidden = prompt?.mode === 'match';
  if (!prompt) return;
  if (prompt.mode === 'display') {
    byId('check-prompt').textContent = say('checkDisplay', { code: prompt.code });
    choices.replaceChildren();
    return;
  }
  byId('check-prompt').textContent = say('checkMatch');
  choices.replaceChildren(
    ...prompt.choices.map((code) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button check-choice';
      button.dataset.code = code;
      button.textContent = code;
      button.addEventListener('click', () => void decide(currentLoginId, 'confirm', code));
      return button;
    }),
  );
}

async function scanAs(loginId: string, user: DemoUser): Promise<void> {
  try {
    token = await fetchMobileToken(baseUrl, user.id);
    showRequester(user, await mobile.scan(loginId, { rotation }));
  } catch (error) {
    fail(error);
  }
}

/** No camera: the user signs in as `user`, then types the code under the QR; its scan names the login. */
async function typeCodeAs(user: DemoUser): Promise<void> {
  try {
    token = await fetchMobileToken(baseUrl, user.id);
  } catch (error) {
    return fail(error);
  }
  goTo('code');
  byId('code-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const scan = await mobile.scanByCode(byId<HTMLInputElement>('code-input').value);
      currentLoginId = scan.id;
      showRequester(user, scan);
    } catch (error) {
      // A mistyped code can be typed again; anything else ends here.
      const mistyped = error instanceof QrLoginApiError && ['not_found', 'bad_request'].includes(error.code);
      if (mistyped) goTo('code', explain(error));
      else fail(error);
    }
  });
}

async function decide(loginId: string, decision: 'confirm' | 'deny', checkCode?: string): Promise<void> {
  denyButton.disabled = confirmButton.disabled = true;
  for (const choice of document.querySelectorAll<HTMLButtonElement>('.check-choice')) choice.disabled = true;
  try {
    if (decision === 'confirm') await mobile.confirm(loginId, { checkCode });
    else await mobile.deny(loginId);
  } catch (error) {
    return fail(error);
  }
  const confirmed = decision === 'confirm';
  byId('done-title').textContent = say(confirmed ? 'signedInTitle' : 'deniedTitle');
  byId('done-text').textContent = say(confirmed ? 'signedInText' : 'deniedText');
  page.dataset.outcome = confirmed ? 'confirmed' : 'denied';
  goTo('done');
}

function renderUsers(users: DemoUser[], pick: (user: DemoUser) => void): void {
  userList.replaceChildren(
    ...users.map((user) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'user';
      button.dataset.userId = user.id;
      const picture = document.createElement('img');
      picture.className = 'avatar';
      picture.src = user.picture;
      picture.alt = '';
      const name = document.createElement('span');
      name.textContent = user.name;
      button.append(picture, name);
      button.addEventListener('click', () => pick(user));
      item.append(button);
      return item;
    }),
  );
}

/** The rotation mark of the QR that opened this page, sent back with the scan. */
let rotation: string | undefined;

async function main(): Promise<void> {
  if (!typedCode) {
    try {
      ({ id: currentLoginId, rotation } = mobile.parseQr(baseUrl + location.pathname));
    } catch (error) {
      return fail(error);
    }
  }
  denyButton.addEventListener('click', () => void decide(currentLoginId, 'deny'));
  confirmButton.addEventListener('click', () => void decide(currentLoginId, 'confirm'));
  try {
    const users = await fetchDemoUsers(baseUrl);
    renderUsers(users, (user) => void (typedCode ? typeCodeAs(user) : scanAs(currentLoginId, user)));
    goTo('choose');
  } catch (error) {
    fail(error);
  }
}

void main();
