import {
  type LoginState,
  type LoginStatus,
  type QrCode,
  QrLogin as QrLoginCore,
  type QrLoginOptions,
  type ScannerProfile,
  type SessionGrant,
  type Transport,
} from '@qr-login/browser';
import { useCallback, useEffect, useRef, useState } from 'react';

/** What `useQrLogin` takes: the browser SDK's options, less the ones about drawing (your UI draws). */
export type UseQrLoginOptions = Omit<QrLoginOptions, 'container' | 'qrAlt'>;

/** Everything a custom sign-in UI shows, kept up to date, and what it can do. */
export interface QrLoginView {
  /** `starting` until the first QR is made, then the login's state: `pending`, `scanned`, `confirmed`, ... */
  state: LoginState | 'starting';
  /** The QR on screen: `content` (what the phone reads), `image` (an SVG data URL), `userCode`, `rotatesAt`. */
  qr?: QrCode;
  /** The code to type into the app instead of scanning (`XXXX-XXXX`). */
  userCode?: string;
  /** Who scanned, once someone has. */
  user?: ScannerProfile;
  /** While scanned: the number to show large, for the person to pick on the phone. */
  checkCode?: string;
  /** How updates arrive: `socket` (push) or `polling`. */
  transport?: Transport;
  /** The last failure (cleared by the next QR). */
  error?: Error;
  /** The signed-in grant (`token`, `user`), once the token was exchanged. */
  session?: SessionGrant;
  /** Shows a fresh QR (after an error, a denial, a cancel), cancelling the open one. */
  renew(): void;
  /** Cancels the QR on screen: the service refuses any later scan of it. */
  cancel(): void;
}

interface Snapshot {
  qr?: QrCode;
  status?: LoginStatus;
  transport?: Transport;
  error?: Error;
  session?: SessionGrant;
}

/**
 * Runs a QR login while the calling component is mounted: it starts on mount, cancels the open QR and closes its
 * socket on unmount, and starts over when a connection option (`baseUrl`, ...) changes. Callbacks may change on
 * every render without restarting it.
 */
export function useQrLogin(options: UseQrLoginOptions = {}): QrLoginView {
  const latestOptions = useRef(options);
  useEffect(() => {
    latestOptions.current = options;
  });
  const login = useRef<QrLoginCore | null>(null);
  const [snapshot, setSnapshot] = useState<Snapshot>({});
  // The options other than callbacks are plain values: a change of any of them starts a new login.
  const { onQr, onState, onTransport, onError, onSignedIn, ...settings } = options;
  const settingsKey = JSON.stringify(settings);

  useEffect(() => {
    // Events of a login this effect already cleaned up (it may still be winding down) change nothing.
    let current = true;
    const update = (change: (previous: Snapshot) => Snapshot) => current && setSnapshot(change);
    const callbacks = () => (current ? latestOptions.current : {});
    const core = new QrLoginCore({
      ...(JSON.parse(settingsKey) as UseQrLoginOptions),
      onQr: (qr) => {
        // A rotation keeps what is known of the login; a new login starts afresh.
        update((previous) => (previous.qr?.id === qr.id ? { ...previous, qr } : { qr, transport: previous.transport }));
        callbacks().onQr?.(qr);
      },
      onState: (status) => {
        update((previous) => ({ ...previous, status }));
        callbacks().onState?.(status);
      },
      onTransport: (transport) => {
        update((previous) => ({ ...previous, transport }));
        callbacks().onTransport?.(transport);
      },
      onError: (error) => {
        update((previous) => ({ ...previous, error }));
        callbacks().onError?.(error);
      },
      onSignedIn: (session) => {
        update((previous) => ({ ...previous, session }));
        callbacks().onSignedIn?.(session);
      },
    });
    login.current = core;
    setSnapshot({});
    void core.start();
    return () => {
      current = false;
      if (login.current === core) login.current = null;
      // cancel() first: it ends the open QR on the service; stop() then also cancels one still being made.
      void core.cancel();
      core.stop();
    };
  }, [settingsKey]);

  const renew = useCallback(() => void login.current?.renew(), []);
  const cancel = useCallback(() => void login.current?.cancel(), []);
  const { qr, status, transport, error, session } = snapshot;
  return {
    state: status?.state ?? 'starting',
    qr,
    userCode: qr?.userCode,
    user: status?.user,
    checkCode: status?.state === 'scanned' ? status.checkCode : undefined,
    transport,
    error,
    session,
    renew,
    cancel,
  };
}
