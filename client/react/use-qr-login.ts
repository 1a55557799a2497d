import {
  type LoginState,
  type LoginStatus,
  type QrCode,
  QrLogin as QrLoginCore,
  type QrLoginEvents,
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

/** The option each event of the login is also handed to. */
const CALLBACK_OF = {
  qr: 'onQr',
  state: 'onState',
  transport: 'onTransport',
  error: 'onError',
  signedIn: 'onSignedIn',
} as const satisfies Record<keyof QrLoginEvents, keyof UseQrLoginOptions>;

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
    const core = new QrLoginCore(JSON.parse(settingsKey) as UseQrLoginOptions);
    const follow = <K extends keyof QrLoginEvents>(
      event: K,
      change: (previous: Snapshot, ...args: QrLoginEvents[K]) => Snapshot,
    ) =>
      core.on(event, (...args) => {
        if (!current) return;
        setSnapshot((previous) => change(previous, ...args));
        const callback = latestOptions.current[CALLBACK_OF[event]] as ((...args: QrLoginEvents[K]) => void) | undefined;
        callback?.(...args);
      });
    // A rotation keeps what is known of the login; a new login starts afresh.
    follow('qr', (previous, qr) =>
      previous.qr?.id === qr.id ? { ...previous, qr } : { qr, transport: previous.transport },
    );
    follow('state', (previous, status) => ({ ...previous, status }));
    follow('transport', (previous, transport) => ({ ...previous, transport }));
    follow('error', (previous, error) => ({ ...previous, error }));
    follow('signedIn', (previous, session) => ({ ...previous, session }));
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
