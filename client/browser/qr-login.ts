import { QrLoginApiError, QrLoginNetworkError } from '../shared/errors';
import type { CreatedLogin, LoginStatus } from '../shared/wire-types';
import { BrowserApi } from './browser-api';
import type { QrLoginEvents, QrLoginOptions } from './qr-login-options';
import { DEFAULT_QR_ALT, renderQr } from './render-qr';
import { END_STATES, isNewerStatus } from './state-order';
import { type StatusWatcher, type Transport, watchStatus } from './status-watcher';
import { TypedEmitter } from './typed-emitter';

/** One QR and what we know about it. */
interface Attempt {
  login: CreatedLogin;
  /** The QR content on screen (it changes when the service rotates it). */
  shownContent: string;
  status?: LoginStatus;
  watcher?: StatusWatcher;
  expiryCheck?: ReturnType<typeof setTimeout>;
  tokenRequested: boolean;
  ended: boolean;
}

/** Checks again this often after the expiry time, in case the expiry push was lost. */
const EXPIRY_RECHECK_MS = 5000;

/**
 * Waits before each new try of a token exchange that got no answer or 503. Safe: the service gives a browser
 * asking again the same token for its exchange grace (10 s by default), and a hung Redis answers 503 after ~3 s.
 */
const EXCHANGE_RETRY_DELAYS_MS = [500, 1000, 2000, 4000];

/**
 * Browser side of QR login: shows a QR, follows it by push (or polling), renews it when it
 * expires, and exchanges the session token exactly once when the phone confirms.
 */
export class QrLogin extends TypedEmitter<QrLoginEvents> {
  private readonly api: BrowserApi;
  private readonly baseUrl: string;
  private current?: Attempt;
  private transport?: Transport;
  private cancelledByUnload = false;
  private readonly onPageHide = (): void => this.cancelOnLeave();
  private readonly onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted && this.cancelledByUnload) void this.renew();
  };

  constructor(private readonly options: QrLoginOptions = {}) {
    super();
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.api = new BrowserApi(this.baseUrl, options.requestTimeoutMs);
    if (options.onQr) this.on('qr', options.onQr);
    if (options.onState) this.on('state', options.onState);
    if (options.onSignedIn) this.on('signedIn', options.onSignedIn);
    if (options.onTransport) this.on('transport', options.onTransport);
    if (options.onError) this.on('error', options.onError);
  }

  /** The latest known status of the QR on screen. */
  get status(): LoginStatus | undefined {
    return this.current?.status;
  }

  /** The code to type into the app instead of scanning (`XXXX-XXXX`), while a QR is shown. */
  get userCode(): string | undefined {
    return this.current && !this.current.ended ? this.current.login.userCode : undefined;
  }

  /** While scanned (CHECK_CODE on): the number the user must pick on the phone. Show it large. */
  get checkCode(): string | undefined {
    return this.current?.status?.state === 'scanned' ? this.current.status.checkCode : undefined;
  }

  /** Shows the first QR and starts following it. */
  async start(): Promise<void> {
    if (this.options.cancelOnUnload !== false && typeof window !== 'undefined') {
      window.addEventListener('pagehide', this.onPageHide);
      window.addEventListener('pageshow', this.onPageShow);
    }
    await this.renew();
  }

  /** Replaces the QR with a new one (the old one is cancelled if it is still open). */
  async renew(): Promise<void> {
    this.cancelledByUnload = false;
    const previous = this.current;
    if (previous && !previous.ended) {
      this.end(previous);
      void this.api.cancel(previous.login.id, previous.login.secret).catch(() => undefined);
    }

    let login: CreatedLogin;
    try {
      login = await this.api.createLogin(this.options.image);
    } catch (error) {
      this.emit('error', error as Error);
      return;
    }
    if (this.current !== previous) return; // a newer renew() won the race
    const attempt: Attempt = { login, shownContent: login.content, tokenRequested: false, ended: false };
    this.current = attempt;

    if (this.options.container && login.image)
      renderQr(this.options.container, login.id, login.image, this.options.qrAlt ?? DEFAULT_QR_ALT);
    this.emit('qr', {
      id: login.id,
      content: login.content,
      image: login.image,
      userCode: login.userCode,
      expiresAt: new Date(login.expiresAt),
      rotatesAt: login.rotatesAt ? new Date(login.rotatesAt) : undefined,
    });
    this.accept(attempt, { id: login.id, state: 'pending', expiresAt: login.expiresAt });
    this.follow(attempt);
  }

  /** Cancels the QR on screen; the service refuses any later scan of it. */
  async cancel(): Promise<void> {
    const attempt = this.current;
    if (!attempt || attempt.ended) return;
    this.end(attempt);
    try {
      await this.api.cancel(attempt.login.id, attempt.login.secret);
      this.report(attempt, { ...(attempt.status ?? this.pendingOf(attempt)), state: 'cancelled' });
    } catch (error) {
      this.emit('error', error as Error);
    }
  }

  /** Stops following without telling the service (the QR expires on its own). */
  stop(): void {
    if (this.current) this.end(this.current);
    if (typeof window !== 'undefined') {
      window.removeEventListener('pagehide', this.onPageHide);
      window.removeEventListener('pageshow', this.onPageShow);
    }
  }

  private follow(attempt: Attempt): void {
    attempt.watcher = watchStatus(
      this.api,
      { baseUrl: this.baseUrl, id: attempt.login.id, secret: attempt.login.secret },
      {
        useSocket: this.options.useSocket !== false,
        pollIntervalMs: this.options.pollIntervalMs ?? attempt.login.pollIntervalMs,
        connectTimeoutMs: this.options.connectTimeoutMs ?? 4000,
      },
      {
        status: (status) => this.accept(attempt, status),
        transport: (transport) => this.setTransport(attempt, transport),
        gone: () =>
          this.accept(attempt, {
            ...(attempt.status ?? this.pendingOf(attempt)),
            state: 'expired',
            version: undefined,
          }),
        refused: (error) => this.fail(attempt, error),
      },
    );
  }

  /** The push announcing expiry may be lost; the status endpoint is the truth, so ask it. */
  private scheduleExpiryCheck(attempt: Attempt, delayMs: number): void {
    clearTimeout(attempt.expiryCheck);
    attempt.expiryCheck = setTimeout(
      () => {
        if (attempt.ended) return;
        attempt.watcher?.checkNow();
        this.scheduleExpiryCheck(attempt, EXPIRY_RECHECK_MS);
      },
      Math.max(0, delayMs),
    );
  }

  private accept(attempt: Attempt, status: LoginStatus): void {
    if (attempt !== this.current || attempt.ended || !isNewerStatus(attempt.status, status)) return;
    const moved = attempt.status?.state !== status.state || attempt.status?.version !== status.version;
    attempt.status = status;
    if (status.state === 'pending' && status.content && status.content !== attempt.shownContent) {
      void this.showRotatedQr(attempt, status);
    }
    if (!moved) return; // only the QR content rotated
    if (END_STATES.has(status.state)) this.end(attempt);
    // A scan shortens the lifetime (the decision window), so the check follows the latest expiresAt.
    else this.scheduleExpiryCheck(attempt, Date.parse(status.expiresAt) - Date.now() + 500);
    this.emit('state', status);

    if (status.state === 'confirmed') void this.exchangeToken(attempt);
    if (status.state === 'expired' && this.options.autoRenew !== false) void this.renew();
  }

  /** Shows the QR's new content; pushes carry no image, so it is fetched with the browser's secret. */
  private async showRotatedQr(attempt: Attempt, status: LoginStatus): Promise<void> {
    const content = status.content!;
    attempt.shownContent = content;
    let image = status.image;
    try {
      if (!image && this.options.container !== null) {
        const format = this.options.image ?? 'svg';
        const reply = await this.api.fetchStatus(attempt.login.id, attempt.login.secret, undefined, format);
        image = reply.notModified || reply.body.content !== content ? undefined : reply.body.image;
      }
    } catch (error) {
      this.emit('error', error as Error);
      return;
    }
    if (attempt !== this.current || attempt.ended || attempt.shownContent !== content) return;
    if (this.options.container && image) {
      renderQr(this.options.container, attempt.login.id, image, this.options.qrAlt ?? DEFAULT_QR_ALT);
    }
    const rotatesAt = status.rotatesAt ? new Date(status.rotatesAt) : undefined;
    const { id, userCode } = attempt.login;
    this.emit('qr', { id, content, image, userCode, expiresAt: new Date(status.expiresAt), rotatesAt });
  }

  private async exchangeToken(attempt: Attempt): Promise<void> {
    if (attempt.tokenRequested) return;
    attempt.tokenRequested = true;
    this.end(attempt);
    for (let tried = 0; ; tried++) {
      try {
        const session = await this.api.exchangeToken(attempt.login.id, attempt.login.secret);
        this.emit('signedIn', session);
        return;
      } catch (error) {
        const delayMs = EXCHANGE_RETRY_DELAYS_MS[tried];
        if (delayMs === undefined || !isPassing(error)) {
          this.emit('error', error as Error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  private report(attempt: Attempt, status: LoginStatus): void {
    if (attempt !== this.current) return;
    attempt.status = status;
    this.emit('state', status);
  }

  private fail(attempt: Attempt, error: Error): void {
    this.end(attempt);
    if (attempt === this.current) this.emit('error', error);
  }

  private setTransport(attempt: Attempt, transport: Transport): void {
    if (attempt !== this.current || transport === this.transport) return;
    this.transport = transport;
    this.emit('transport', transport);
  }

  private end(attempt: Attempt): void {
    attempt.ended = true;
    attempt.watcher?.stop();
    clearTimeout(attempt.expiryCheck);
  }

  private pendingOf(attempt: Attempt): LoginStatus {
    return { id: attempt.login.id, state: 'pending', expiresAt: attempt.login.expiresAt };
  }

  private cancelOnLeave(): void {
    const attempt = this.current;
    if (!attempt || attempt.ended) return;
    this.end(attempt);
    this.cancelledByUnload = true;
    void this.api.cancel(attempt.login.id, attempt.login.secret, { keepalive: true }).catch(() => undefined);
  }
}

/** The request may not have been answered, or the store was away: the same call may well work shortly. */
function isPassing(error: unknown): boolean {
  return error instanceof QrLoginNetworkError || (error instanceof QrLoginApiError && error.code === 'unavailable');
}

/** Creates the QR login and starts it: `createQrLogin({ container, onSignedIn })`. */
export function createQrLogin(options: QrLoginOptions = {}): QrLogin {
  const login = new QrLogin(options);
  void login.start();
  return login;
}
