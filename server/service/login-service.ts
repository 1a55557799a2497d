import { v4 as uuidv4 } from 'uuid';
import {
  type Action,
  type Actor,
  judgeRotation,
  type Login,
  type LoginStatus,
  type LoginUser,
  type Refusal,
  type Requester,
  type RotationPolicy,
  sameSecretHash,
  toStatus,
  type UserEventType,
} from '../domain';
import type { LoginStore } from '../store/port';
import { hashBrowserSecret, newBrowserSecret } from './browser-secret';
import { type CheckCodeMode, newCheckCode } from './check-code';
import { LoginError, notFound, refusalError, wrongSecret } from './errors';
import type { Geolocator } from './geolocator';
import type { LoginObserver } from './login-observer';
import { type QrImageFormat, renderQrImage } from './qr-image';
import { QrTurn } from './qr-turn';
import type { ExchangedToken, NewLogin, ScanResult } from './results';
import { scanAnswer } from './scan-answer';
import type { SessionService } from './session-service';
import type { SessionTokenIssuer } from './session-token-issuer';
import { formatUserCode, newUserCode } from './user-code';

/** Who is calling, as far as the transport can tell; kept for the audit log and the phone's warning. */
export interface Caller {
  ip: string;
  /** The Origin header, when it is a well-formed origin (the page that called; claimed by the browser). */
  origin?: string;
}

export interface LoginServiceOptions {
  store: LoginStore;
  sessionTokens: SessionTokenIssuer;
  /** Records the session a token starts and the user's audit events. */
  sessions: Pick<SessionService, 'start' | 'recordEvent'>;
  observer: LoginObserver;
  /** The text inside the QR for a login id (by default `${publicUrl}/scan/<id>`, the phone page). */
  qrContent: (id: string) => string;
  qrTtlSeconds: number;
  /** How long a user has to confirm or deny after scanning (never longer than the QR lives). */
  confirmWindowSeconds: number;
  /** A login lives this long after a confirm or an exchange; an exchange repeated within it gets the same token. */
  exchangeGraceSeconds: number;
  checkCode: CheckCodeMode;
  /** QR_ROTATE_SECONDS: how a waiting login's QR content rotates; absent, it never does. */
  rotation?: RotationPolicy;
  /** The site the phone is told it signs in to: SITE_NAME, and the service's own origin for pages that sent none. */
  site: { name?: string; ownOrigin: string };
  /** GEOIP_DATABASE: the requester's country and city for the phone; absent, the phone gets no location. */
  geolocator?: Geolocator;
  clock?: () => number;
}

/** The moves a phone user finds in their own audit. */
const USER_EVENT_OF: Partial<Record<Action, UserEventType>> = { scan: 'scanned', confirm: 'confirmed', deny: 'denied' };

/** The use cases of QR login. Transports call these and translate; the store makes each move atomic. */
export class LoginService {
  private readonly clock: () => number;

  constructor(private readonly options: LoginServiceOptions) {
    this.clock = options.clock ?? Date.now;
  }

  async create(requester: Requester, image: QrImageFormat): Promise<NewLogin> {
    const now = this.clock();
    const id = uuidv4();
    const secret = newBrowserSecret();
    const login: Login = {
      id,
      state: 'pending',
      version: 1,
      secretHash: hashBrowserSecret(secret),
      createdAt: now,
      expiresAt: now + this.options.qrTtlSeconds * 1000,
      // A caller without an Origin (a native client) asks for the service's own site; stored, so every instance agrees.
      requester: { ...requester, origin: requester.origin ?? this.options.site.ownOrigin },
    };
    const userCode = await this.reserveUserCode(id, login.expiresAt);
    const qr = this.qrOf(login, now);
    const content = qr.content!;
    // Rendering is synchronous CPU work inside qrcode: it goes first, so it cannot stall a pending Redis reply.
    const rendered = await renderQrImage(content, image);
    await this.options.store.create(login);
    this.options.observer.created(login);
    const created: NewLogin = { id, secret, content, userCode: formatUserCode(userCode), expiresAt: login.expiresAt };
    if (qr.rotatesAt) created.rotatesAt = qr.rotatesAt;
    if (rendered) created.image = rendered;
    return created;
  }

  /**
   * The polling endpoint and the socket handshake: only the holder of the browser secret may read. A waiting login
   * comes with its QR content as it is now, and with its image when `image` asks for one.
   */
  async status(id: string, secret: string, image: QrImageFormat = 'none'): Promise<LoginStatus> {
    const login = await this.options.store.get(id);
    if (!login) throw notFound();
    if (!sameSecretHash(login.secretHash, hashBrowserSecret(secret))) {
      throw wrongSecret();
    }
    const status = this.describe(login);
    const rendered = status.content ? await renderQrImage(status.content, image) : undefined;
    if (rendered) status.image = rendered;
    return status;
  }

  /**
   * The socket's first status, as `status` gives it, and while its QR rotates how to turn it, so the pushes of
   * each new content need no store read.
   */
  async statusToWatch(id: string, secret: string): Promise<{ status: LoginStatus; qrTurn?: QrTurn }> {
    const login = await this.options.store.get(id);
    if (!login) throw notFound();
    if (!sameSecretHash(login.secretHash, hashBrowserSecret(secret))) {
      throw wrongSecret();
    }
    const qrTurn = login.state === 'pending' ? this.qrTurnOf(login) : undefined;
    return qrTurn ? { status: this.describe(login), qrTurn } : { status: this.describe(login) };
  }

  /**
   * The socket's pushes: a login a joined socket waits on, described as `status` describes it (the socket
   * proved the secret when it joined); undefined once it is gone.
   */
  async watchedStatus(id: string): Promise<LoginStatus | undefined> {
    const login = await this.options.store.get(id);
    return login && this.describe(login);
  }

  async watchedStatuses(ids: readonly string[]): Promise<Array<LoginStatus | undefined>> {
    const logins = await this.options.store.getMany(ids);
    return logins.map((login) => login && this.describe(login));
  }

  /**
   * That a login moved: its id and version, and its status when the store vouches for the login it sent;
   * without one, the pushes read the login itself.
   */
  onChange(
    listener: (change: { id: string; version: number; status?: LoginStatus }) => void,
    wants?: (id: string) => boolean,
  ): void {
    this.options.store.onChange(
      ({ id, version, login }) =>
        // A move never leads back to pending, whose status needs the whole login (its QR content).
        listener(login && login.state !== 'pending' ? { id, version, status: toStatus(login) } : { id, version }),
      wants,
    );
  }

  /** Hints may have been lost: whoever pushes should read every login it waits on again. */
  onResync(listener: () => void): void {
    this.options.store.onResync(listener);
  }

  /** What the browser may know of `login` now: its status, and while it waits the QR content to show. */
  private describe(login: Login): LoginStatus {
    return { ...toStatus(login), ...(login.state === 'pending' ? this.qrOf(login, this.clock()) : {}) };
  }

  /** The QR content of a waiting login at `now`: QR_CONTENT_TEMPLATE's, then `/<rotation mark>` when it rotates. */
  private qrOf(login: Login, now: number): Pick<LoginStatus, 'content' | 'rotation' | 'rotatesAt'> {
    return this.qrTurnOf(login)?.at(now) ?? { content: this.options.qrContent(login.id) };
  }

  /** How the login's QR content turns; undefined when it never does (QR_ROTATE_SECONDS=0). */
  private qrTurnOf(login: Login): QrTurn | undefined {
    const rotation = this.options.rotation;
    return rotation && new QrTurn(login, this.options.qrContent(login.id), rotation);
  }

  /**
   * Safe to retry: an exchange whose answer was lost (Redis timed out, yet the script ran later) is asked again
   * by the same browser, which then gets the same token for the exchange grace; later it is a conflict.
   */
  async exchangeToken(id: string, secret: string, caller: Caller): Promise<ExchangedToken> {
    const login = await this.move(id, 'consume', this.browser(secret), caller);
    const now = this.clock();
    const issuedAt = login.changedAt;
    if (issuedAt === undefined || now > issuedAt + this.options.exchangeGraceSeconds * 1000) {
      throw refusalError('consume', { reason: 'conflict', state: login.state });
    }
    const user = login.user!;
    const issued = this.options.sessionTokens.issue(user, { tokenId: login.id, issuedAt }, now);
    await this.options.sessions.start(user, issued, id, { ...caller, userAgent: login.requester.userAgent });
    return { ...issued, user };
  }

  async cancel(id: string, secret: string, caller: Caller): Promise<void> {
    await this.move(id, 'cancel', this.browser(secret), caller);
  }

  /** Claims the login for the phone's user and tells the phone who is asking, so the user can judge. */
  /** `rotation`: the mark of the QR content the phone read, required while the QR rotates. */
  async scan(id: string, user: LoginUser, caller: Caller, rotation?: string): Promise<ScanResult> {
    await this.refuseReplacedQr(id, rotation, caller);
    return this.claim(id, user, caller);
  }

  /** The app's user typed the code shown under the QR (normalised): the same claim as a scan of the QR. */
  async scanByCode(code: string, user: LoginUser, caller: Caller): Promise<ScanResult> {
    const id = await this.options.store.findUserCode(code);
    if (!id) throw new LoginError('not_found', 'No sign-in is waiting for this code. Check it against the screen.');
    return this.claim(id, user, caller);
  }

  /** Claims the login for the phone's user and tells the phone who is asking, so the user can judge. */
  private async claim(id: string, user: LoginUser, caller: Caller): Promise<ScanResult> {
    const checkCode = this.options.checkCode === 'off' ? undefined : newCheckCode();
    const login = await this.move(id, 'scan', { kind: 'phone', user, checkCode }, caller);
    const { site, geolocator, checkCode: mode } = this.options;
    return scanAnswer(login, { site, geolocator, checkCode: mode, phoneIp: caller.ip, now: this.clock() });
  }

  /** `checkCode`: the number the user picked; in match mode a confirm without it is refused, a wrong one denies. */
  async confirm(id: string, user: LoginUser, caller: Caller, checkCode?: string): Promise<void> {
    await this.move(id, 'confirm', { kind: 'phone', user, checkCode }, caller);
  }

  async deny(id: string, user: LoginUser, caller: Caller): Promise<void> {
    await this.move(id, 'deny', { kind: 'phone', user }, caller);
  }

  /**
   * A relayed QR is usually an old one (a screenshot, a copy on a phishing page): while the login waits, only the
   * content on the screen now is accepted. A login that is no longer waiting is left to the move (a repeated scan by
   * its own user is still answered the same).
   */
  private async refuseReplacedQr(id: string, rotation: string | undefined, caller: Caller): Promise<void> {
    const policy = this.options.rotation;
    if (!policy) return;
    const login = await this.options.store.get(id);
    if (login?.state !== 'pending' || judgeRotation(login, rotation, this.clock(), policy) === 'current') return;
    const refusal: Refusal = { reason: 'qr_replaced' };
    this.options.observer.refused(id, 'scan', refusal, caller.ip);
    throw refusalError('scan', refusal);
  }

  /** A fresh code for the login's life; a clash with a live one (1 in 2.6e10 per live login) draws again. */
  private async reserveUserCode(id: string, expiresAt: number): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newUserCode();
      if (await this.options.store.reserveUserCode(code, id, expiresAt)) return code;
    }
    throw new Error('no free user code after 5 draws');
  }

  private browser(secret: string): Actor {
    return { kind: 'browser', secretHash: hashBrowserSecret(secret) };
  }

  private async move(id: string, action: Action, actor: Actor, caller: Caller): Promise<Login> {
    const { confirmWindowSeconds, exchangeGraceSeconds } = this.options;
    const policy = { confirmWindowSeconds, exchangeGraceSeconds, requireCheckCode: this.options.checkCode === 'match' };
    const outcome = await this.options.store.apply(id, action, actor, this.clock(), policy);
    if (outcome.kind === 'refused') {
      this.options.observer.refused(id, action, outcome.refusal, caller.ip);
      throw refusalError(action, outcome.refusal);
    }
    if (outcome.kind === 'wrong_pick') {
      this.options.observer.transitioned(outcome.login, action, caller.ip);
      this.options.observer.wrongCheckCode(outcome.login, caller.ip);
      await this.recordUserEvent(actor, 'wrong_check_code', id, caller);
      throw new LoginError(
        'check_code_mismatch',
        'The number picked is not the one on the other screen, so this sign-in was denied.',
        { state: outcome.login.state },
      );
    }
    if (outcome.kind === 'changed') {
      this.options.observer.transitioned(outcome.login, action, caller.ip);
      const event = USER_EVENT_OF[action];
      if (event) await this.recordUserEvent(actor, event, id, caller);
    }
    return outcome.login;
  }

  /** The phone user's own audit (GET /api/audit). */
  private async recordUserEvent(actor: Actor, type: UserEventType, loginId: string, caller: Caller): Promise<void> {
    if (actor.kind !== 'phone') return;
    await this.options.sessions.recordEvent(actor.user.id, { type, at: this.clock(), loginId, ip: caller.ip });
  }
}
