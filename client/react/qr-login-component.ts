import {
  defineQrLoginElement,
  type LoginStatus,
  type Messages,
  type QrCode,
  type QrImageFormat,
  type QrLoginElement,
  type QrLoginElementEventMap,
  type SessionGrant,
} from '@qr-login/browser';
import { type CSSProperties, createElement, useEffect, useRef } from 'react';

/** What `<QrLogin>` takes: the `<qr-login>` element's attributes and words, and its events as callbacks. */
export interface QrLoginProps {
  /** Where the service runs; default: this page's origin. */
  baseUrl?: string;
  /** The QR picture's format: `svg` (default) or `png`. */
  image?: QrImageFormat;
  /** The QR's side: pixels, or any CSS length. */
  size?: number | string;
  /** The language of the element's words (`en`, ...); default: the browser's. */
  lang?: string;
  /** Your own words for any of the element's messages, by id: `{ scanPrompt: 'Scan to sign in to the shop' }`. */
  messages?: Partial<Messages>;
  /** The session token was exchanged: hand `session.token` to your backend. At most once per QR. */
  onSignedIn?: (session: SessionGrant) => void;
  /** The login moved on: `pending`, `scanned` (with `user`, `checkCode`), `confirmed`, `denied`, ... */
  onState?: (status: LoginStatus) => void;
  /** A new QR is on screen (each new login and each rotation). */
  onQr?: (qr: QrCode) => void;
  /** A failure, with the sentence the element shows for it. */
  onError?: (error: Error, message: string) => void;
  id?: string;
  className?: string;
  style?: CSSProperties;
}

/**
 * The `<qr-login>` element of `@qr-login/browser` as a React component: one sign-in UI for every site. Events are
 * bridged with `addEventListener` and `messages` is set as a property, which React 18 and 19 both allow; the
 * element cancels its QR and closes its socket when React removes it.
 */
export function QrLogin(props: QrLoginProps) {
  const { baseUrl, image, size, lang, messages, id, className, style } = props;
  const element = useRef<QrLoginElement>(null);
  const latestProps = useRef(props);
  useEffect(() => {
    latestProps.current = props;
  });

  useEffect(() => {
    // Defined here, not on import: importing must not need a browser (server-side rendering).
    defineQrLoginElement();
    const target = element.current!;
    const callbacks = () => latestProps.current;
    const removers = [
      listen(target, 'signed-in', (session) => callbacks().onSignedIn?.(session)),
      listen(target, 'state', (status) => callbacks().onState?.(status)),
      listen(target, 'qr', (qr) => callbacks().onQr?.(qr)),
      listen(target, 'error', ({ error, message }) => callbacks().onError?.(error, message)),
    ];
    return () => {
      for (const remove of removers) remove();
    };
  }, []);

  useEffect(() => {
    element.current!.messages = messages ?? {};
  }, [messages]);

  return createElement('qr-login', { ref: element, 'base-url': baseUrl, image, size, lang, id, className, style });
}

function listen<K extends keyof QrLoginElementEventMap>(
  target: QrLoginElement,
  type: K,
  handle: (detail: QrLoginElementEventMap[K]['detail']) => void,
): () => void {
  const listener = (event: Event) => handle((event as QrLoginElementEventMap[K]).detail);
  target.addEventListener(type, listener);
  return () => target.removeEventListener(type, listener);
}
