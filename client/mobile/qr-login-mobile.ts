import { requestJson } from '../shared/http';
import type {
  DecisionResult,
  ScanResult,
  SessionsEnded,
  UserActivityList,
  UserSessionList,
} from '../shared/wire-types';
import {
  InvalidQrContentError,
  isQrLoginId,
  parseQr,
  parseQrContent,
  readSignInInput,
  type ScannedQr,
} from './qr-content';
import { type SignInRequest, toSignInRequest } from './sign-in-request';

export interface QrLoginMobileOptions {
  /** The service's base URL, e.g. `https://login.example.com`; QR codes must point under it. */
  baseUrl: string;
  /** The signed-in user's token (a JWT whose `sub` is the user id); called before every request. */
  getToken: () => string | Promise<string>;
  /** Each call fails with `QrLoginNetworkError` code `timeout` after this; default 10000. */
  requestTimeoutMs?: number;
}

/**
 * The phone side of QR login: `claim` what the camera read (or the code the user typed) to learn who is asking and
 * which numbers to offer, then `confirm` with the number the user picked, or `deny`.
 * Uses only the global `fetch`, so it runs in Node 20+, React Native and browsers.
 */
export class QrLoginMobile {
  private readonly baseUrl: string;

  constructor(private readonly options: QrLoginMobileOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /**
   * Claims the sign-in for this user (no one else can confirm it now) and says who is asking. `input` is the text
   * the camera read from the QR, rotation mark and all, or the code shown under the QR, typed by the user.
   * Throws `InvalidQrContentError` before any request when it is neither; a QR shown too long ago is refused with
   * code `qr_replaced` (scan the one on screen now).
   */
  async claim(input: string): Promise<SignInRequest> {
    const read = readSignInInput(input, this.baseUrl);
    const scan =
      'userCode' in read ? await this.scanByCode(read.userCode) : await this.scan(read.id, { rotation: read.rotation });
    return toSignInRequest(scan);
  }

  /**
   * The login id in a scanned QR, without its rotation mark.
   * @deprecated A service that rotates its QR codes (the default) refuses `scan(id)` without the mark
   * (`qr_replaced`): use `claim(content)`, or `parseQr`, which keeps the mark.
   */
  parseQrContent(content: string): string {
    return parseQrContent(content, this.baseUrl);
  }

  /** The login id and rotation mark in a scanned QR; throws `InvalidQrContentError` when the QR is not this service's. */
  parseQr(content: string): ScannedQr {
    return parseQr(content, this.baseUrl);
  }

  /**
   * Claims the QR for this user and returns who is asking (show it before confirming). Pass the rotation mark the
   * QR carried (`parseQr`) when the service rotates its codes (the default): without it the scan is refused with
   * `qr_replaced`. `claim` does all of this from the scanned text.
   */
  scan(id: string, options: { rotation?: string } = {}): Promise<ScanResult> {
    return this.post<ScanResult>(
      id,
      'scan',
      options.rotation === undefined ? undefined : { rotation: options.rotation },
    );
  }

  /**
   * Claims the login whose user code (shown under the QR, `XXXX-XXXX`, any case, dash optional) the user typed:
   * for a phone without a camera. The answer is a scan's, with the login `id` to confirm or deny.
   */
  scanByCode(code: string): Promise<ScanResult> {
    return this.postTo<ScanResult>(`${this.baseUrl}/api/qr/by-code/${encodeURIComponent(code)}`);
  }

  /** Reads the QR content the camera saw and scans it, rotation mark and all. */
  scanQr(content: string): Promise<ScanResult> {
    const { id, rotation } = this.parseQr(content);
    return this.scan(id, { rotation });
  }

  /**
   * Confirms the sign-in. When `claim` offered `choices` (number matching, the default), pass the one the user
   * picked, the number the other screen shows: a wrong pick denies the login (`check_code_mismatch`), and no pick
   * is refused (`check_code_required`).
   */
  confirm(id: string, options: { checkCode?: string } = {}): Promise<DecisionResult<'confirmed'>> {
    return this.post<DecisionResult<'confirmed'>>(
      id,
      'confirm',
      options.checkCode === undefined ? undefined : { checkCode: options.checkCode },
    );
  }

  deny(id: string): Promise<DecisionResult<'denied'>> {
    return this.post<DecisionResult<'denied'>>(id, 'deny');
  }

  /** The browser sessions this user started by QR login that are still live, newest first. */
  sessions(): Promise<UserSessionList> {
    return this.call<UserSessionList>('GET', `${this.baseUrl}/api/sessions`);
  }

  /**
   * Ends one session (its `id` from `sessions()`): relying sites learn it at once through introspection and the
   * revocation webhook. An unknown, ended or foreign id fails with code `not_found`.
   */
  async endSession(id: string): Promise<void> {
    await this.call<undefined>('DELETE', `${this.baseUrl}/api/sessions/${encodeURIComponent(id)}`);
  }

  /** Ends every live session of this user; resolves how many were ended. */
  endAllSessions(): Promise<SessionsEnded> {
    return this.call<SessionsEnded>('DELETE', `${this.baseUrl}/api/sessions`);
  }

  /** This user's own recent QR-login events (scans, confirms, denials, wrong check codes, ended sessions). */
  activity(options: { limit?: number } = {}): Promise<UserActivityList> {
    const query = options.limit === undefined ? '' : `?limit=${encodeURIComponent(options.limit)}`;
    return this.call<UserActivityList>('GET', `${this.baseUrl}/api/audit${query}`);
  }

  private async post<T>(id: string, action: 'scan' | 'confirm' | 'deny', body?: object): Promise<T> {
    if (!isQrLoginId(id)) throw new InvalidQrContentError(`Not a QR login id: ${JSON.stringify(id)}`);
    return this.postTo<T>(`${this.baseUrl}/api/qr/${id}/${action}`, body);
  }

  private postTo<T>(url: string, body?: object): Promise<T> {
    return this.call<T>('POST', url, body);
  }

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', url: string, body?: object): Promise<T> {
    const token = await this.options.getToken();
    return requestJson<T>(url, {
      method,
      headers: { authorization: `Bearer ${token}` },
      body,
      timeoutMs: this.options.requestTimeoutMs,
    });
  }
}
