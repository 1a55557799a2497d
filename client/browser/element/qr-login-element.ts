import type { LoginStatus, SessionGrant } from '../../shared/wire-types';
import { QrLogin } from '../qr-login';
import type { QrCode, QrImageFormat } from '../qr-login-options';
import type { Transport } from '../status-watcher';
import { errorMessageId } from './error-message';
import { type Catalogue, type Messages, pickCatalogue } from './messages';
import { adoptStyles } from './styles';
import { buildTree, type Parts } from './template';
import { type Notice, renderView, type ShownQr, type View } from './view';

/** The events `<qr-login>` dispatches (they bubble and cross shadow roots). */
export interface QrLoginElementEventMap {
  /** The session token, exchanged once: `detail.token`, `detail.user`, `detail.expiresIn`, `detail.tokenType`. */
  'signed-in': CustomEvent<SessionGrant>;
  /** Every move of the login on screen (`detail.state`, `detail.user`, `detail.checkCode` while scanned). */
  state: CustomEvent<LoginStatus>;
  /** A failure, with the sentence the element shows for it. */
  error: CustomEvent<{ error: Error; message: string }>;
  /** A new QR on screen (each new login and each rotation): `detail.userCode`, `detail.content`. */
  qr: CustomEvent<QrCode>;
  /** Updates now come by `socket` push or by `polling`. */
  transport: CustomEvent<Transport>;
}

/** Which view each ending leads to; denied and expired show a fresh QR at once, with a line saying why. */
const NOTICE_OF: Partial<Record<LoginStatus['state'], Notice>> = { denied: 'denied', expired: 'expired' };

// Importing the package in Node (server-side rendering, tests) must not fail for want of a DOM.
const ElementBase = (typeof HTMLElement === 'undefined' ? class {} : HTMLElement) as typeof HTMLElement;

/**
 * `<qr-login base-url="https://login.example">`: the whole browser side of a QR sign-in in one element. It shows
 * the QR (re-drawn as it rotates), the code to type without a camera, who scanned and the number to pick, says
 * how each attempt ended and offers a fresh QR, and dispatches `signed-in` with the session token.
 * Attributes: `base-url`, `image` (`svg` | `png`), `size` (CSS length or pixels), `lang`.
 */
export class QrLoginElement extends ElementBase {
  static readonly observedAttributes = ['base-url', 'image', 'size', 'lang'];

  private readonly parts: Parts;
  private login?: QrLogin;
  private view: View = { state: 'loading' };
  private qr?: ShownQr;
  private catalogue: Catalogue = pickCatalogue([]);
  private overrides: Partial<Messages> = {};

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    adoptStyles(shadow);
    this.parts = buildTree(shadow);
    this.parts.retry.addEventListener('click', () => void this.renew());
    this.parts.newCode.addEventListener('click', () => void this.renew());
  }

  /** The service's URL; default: this page's origin. */
  get baseUrl(): string {
    return this.getAttribute('base-url') ?? '';
  }
  set baseUrl(value: string) {
    this.setAttribute('base-url', value);
  }

  /** Replaces any of the catalogue's messages (by id) in every language, e.g. `{ scanPrompt: 'Scan to shop' }`. */
  get messages(): Partial<Messages> {
    return this.overrides;
  }
  set messages(value: Partial<Messages>) {
    this.overrides = { ...value };
    this.render();
  }

  /** What the element shows: loading, pending, scanned, confirmed, signed-in, cancelled or error. */
  get state(): View['state'] {
    return this.view.state;
  }

  /** The code to type into the app instead of scanning, while a QR is shown. */
  get userCode(): string | undefined {
    return this.login?.userCode;
  }

  /** While scanned with number matching: the number the user must pick on the phone. */
  get checkCode(): string | undefined {
    return this.login?.checkCode;
  }

  /** Shows a fresh QR (the open one, if any, is cancelled). */
  renew(): Promise<void> {
    if (!this.login) return Promise.resolve();
    this.qr = undefined;
    this.show({ state: 'loading' });
    return this.login.renew();
  }

  /** Cancels the QR on screen; `renew()` or the element's button makes a new one. */
  cancel(): Promise<void> {
    return this.login?.cancel() ?? Promise.resolve();
  }

  // Typed listeners for the element's own events: `element.addEventListener('signed-in', (e) => e.detail.token)`.
  override addEventListener<K extends keyof QrLoginElementEventMap>(
    type: K,
    listener: (this: QrLoginElement, event: QrLoginElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(type: string, listener: EventListener, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener, options);
  }

  connectedCallback(): void {
    this.takeEarlyProperty('messages');
    this.takeEarlyProperty('baseUrl');
    this.applyLanguage();
    this.applySize();
    this.start();
  }

  disconnectedCallback(): void {
    this.finish();
  }

  attributeChangedCallback(name: string, previous: string | null, value: string | null): void {
    if (previous === value) return;
    if (name === 'lang') this.applyLanguage();
    else if (name === 'size') this.applySize();
    else if (this.login) this.start(); // another service or image format: start over
  }

  private start(): void {
    this.finish();
    // SVG is the service's default (no query); PNG only when asked for.
    const image: QrImageFormat | undefined = this.getAttribute('image') === 'png' ? 'png' : undefined;
    const login = new QrLogin({ baseUrl: this.baseUrl || undefined, image });
    this.login = login;
    this.qr = undefined;
    this.show({ state: 'loading' });
    login.on('qr', (qr) => login === this.login && this.onQr(qr));
    login.on('state', (status) => login === this.login && this.onState(status));
    login.on('signedIn', (grant) => login === this.login && this.onSignedIn(grant));
    login.on('error', (error) => login === this.login && this.onError(error));
    login.on('transport', (transport) => login === this.login && this.fire('transport', transport));
    void login.start();
  }

  /** The element left the page: its QR must not stay scannable. */
  private finish(): void {
    const login = this.login;
    this.login = undefined;
    if (!login) return;
    void login.cancel();
    login.stop();
  }

  private onQr(qr: QrCode): void {
    this.qr = { id: qr.id, content: qr.content, image: qr.image, userCode: qr.userCode };
    this.render();
    this.fire('qr', qr);
  }

  private onState(status: LoginStatus): void {
    const user = status.user;
    const notice = NOTICE_OF[status.state];
    if (notice) {
      // The QR on screen is dead: take it away at once; the fresh one follows.
      this.qr = undefined;
      this.show({ state: 'pending', notice, reason: status.reason });
      if (status.state === 'denied') void this.login?.renew();
    } else if (status.state === 'pending') {
      // The fresh QR keeps the line about how the last attempt ended.
      this.show(this.view.state === 'pending' ? { ...this.view } : { state: 'pending' });
    } else if (status.state === 'scanned') {
      this.show({ state: 'scanned', name: user?.name, picture: user?.picture, checkCode: status.checkCode });
    } else if (status.state === 'confirmed') {
      this.show({ state: 'confirmed', name: user?.name, picture: user?.picture });
    } else if (status.state === 'cancelled') {
      this.show({ state: 'cancelled' });
    }
    this.fire('state', status);
  }

  private onSignedIn(grant: SessionGrant): void {
    this.show({ state: 'signed-in', name: grant.user.name ?? grant.user.id, picture: grant.user.picture });
    this.fire('signed-in', grant);
  }

  private onError(error: Error): void {
    const message = errorMessageId(error);
    this.show({ state: 'error', message });
    this.fire('error', { error, message: this.messageTable()[message] });
  }

  private show(view: View): void {
    this.view = view;
    this.setAttribute('state', view.state);
    const { notice, reason } = view.state === 'pending' ? view : {};
    if (notice) this.setAttribute('notice', notice);
    else this.removeAttribute('notice');
    // Why the last attempt was denied, as the service says it (`declined`, `wrong_check_code`), for a site's CSS.
    if (notice === 'denied' && reason) this.setAttribute('reason', reason);
    else this.removeAttribute('reason');
    this.render();
  }

  private render(): void {
    renderView(this.parts, this.view, this.qr, this.messageTable());
  }

  private messageTable(): Messages {
    return { ...this.catalogue.messages, ...this.overrides };
  }

  private applyLanguage(): void {
    const own = this.getAttribute('lang');
    const preferred = own ? [own] : typeof navigator === 'undefined' ? [] : navigator.languages;
    this.catalogue = pickCatalogue(preferred);
    this.parts.root.lang = this.catalogue.lang;
    this.parts.root.dir = this.catalogue.dir;
    this.render();
  }

  private applySize(): void {
    const size = this.getAttribute('size')?.trim();
    const length = size && /^\d+(\.\d+)?$/.test(size) ? `${size}px` : size;
    if (length && CSS.supports('width', length)) this.parts.root.style.setProperty('--_size', length);
    else this.parts.root.style.removeProperty('--_size');
  }

  /** A property set before the element was defined sits on the instance, hiding the accessor: pass it on. */
  private takeEarlyProperty(name: 'messages' | 'baseUrl'): void {
    if (!Object.hasOwn(this, name)) return;
    const value = (this as Record<string, unknown>)[name];
    delete (this as Record<string, unknown>)[name];
    (this as Record<string, unknown>)[name] = value;
  }

  private fire<K extends keyof QrLoginElementEventMap>(type: K, detail: QrLoginElementEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

/** The tag the element is defined under by `defineQrLoginElement()` and `/sdk/qr-login-element.js`. */
export const QR_LOGIN_TAG = 'qr-login';

/**
 * Defines `<qr-login>` (once: a second call, or a second copy of the SDK, keeps the first definition). Outside a
 * browser (server-side rendering) it does nothing.
 */
export function defineQrLoginElement(tag: string = QR_LOGIN_TAG): void {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return;
  // A class may be defined under one tag only: another tag gets its own subclass.
  customElements.define(tag, tag === QR_LOGIN_TAG ? QrLoginElement : class extends QrLoginElement {});
}
