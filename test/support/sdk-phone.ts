import type { QrCode } from '../../client/browser/qr-login-options';
import type { LoginStatus } from '../../client/shared/wire-types';
import { type QrApi, scanBodyOf } from './qr-api';

/** The handlers to give the browser SDK (`onQr`, `onState`) so that a phone follows what its page shows. */
export interface SdkFollowingPhone {
  onQr(qr: Pick<QrCode, 'id' | 'content'>): void;
  onState(status: LoginStatus): void;
}

/**
 * A phone user in front of a page run by the browser SDK: scans the first QR it shows (rotation mark and all) and,
 * once the page shows the number to pick, confirms with it.
 */
export function phoneFollowingSdk(api: QrApi, token: string): SdkFollowingPhone {
  let scanned = false;
  let confirmed = false;
  return {
    onQr: (qr) => {
      if (scanned) return;
      scanned = true;
      void api.scan(qr.id, token, { json: scanBodyOf(qr.content) ?? {} });
    },
    onState: (status) => {
      if (status.state !== 'scanned' || confirmed) return;
      confirmed = true;
      void api.confirm(status.id, token, { json: { checkCode: status.checkCode } });
    },
  };
}
