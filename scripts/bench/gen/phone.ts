import { describe } from './error-counts';
import type { JsonClient, JsonResponse } from './http-client';

/** What a phone knows of a login: the QR its camera sees now and the number its browser shows. */
export interface PhoneView {
  id: string;
  phoneToken: string;
  /** the QR content the browser shows now: the create answer's, then each newer one pushed or polled */
  content?: string;
  /** the number the browser shows once scanned (number matching); the user picks it on the phone */
  checkCode?: string;
}

/** The rotation mark at the end of a rotating QR's content, `/scan/<id>/<mark>`; undefined while QRs do not rotate. */
export function rotationMarkOf(content: string | undefined): string | undefined {
  return content === undefined ? undefined : /\/scan\/[^/]+\/([^/]+)$/.exec(content)?.[1];
}

/** A request that never got an answer, shaped as one so it is counted like the others. */
export function failed(error: unknown): JsonResponse {
  return { status: 0, body: { error: { code: describe(error) } } };
}

function post(http: JsonClient, login: PhoneView, action: string, body: unknown): Promise<JsonResponse> {
  return http
    .request('POST', `/api/qr/${login.id}/${action}`, { authorization: `Bearer ${login.phoneToken}` }, body)
    .catch(failed);
}

/**
 * Scans the QR shown now, sending its rotation mark as a phone that read it does. A QR that rotated between the
 * camera and the service (410 qr_replaced) is scanned once more from the newest content, as the user would.
 */
export async function scanShown(http: JsonClient, login: PhoneView): Promise<JsonResponse> {
  const scanOnce = () => {
    const rotation = rotationMarkOf(login.content);
    return post(http, login, 'scan', rotation === undefined ? {} : { rotation });
  };
  const first = await scanOnce();
  return first.status === 410 && first.body?.error?.code === 'qr_replaced' ? scanOnce() : first;
}

/** Confirms with the number the browser shows (the arms without number matching read no body). */
export function confirmPicked(http: JsonClient, login: PhoneView): Promise<JsonResponse> {
  return post(http, login, 'confirm', login.checkCode === undefined ? {} : { checkCode: login.checkCode });
}
