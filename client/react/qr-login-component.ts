import type { LoginStatus, SessionGrant } from '@qr-login/browser';
import { type CSSProperties, createElement, useEffect, useRef } from 'react';

/** What `<QrLogin>` takes: the `<qr-login>` element's attributes and properties, and its events as callbacks. */
export interface QrLoginProps {
  /** Where the service runs; default: this page's origin. */
  baseUrl?: string;
  /** The QR picture's format: `svg` (default) or `png`. */
  image?: 'svg' | 'png';
  /** The QR's side in CSS pixels. */
  size?: number;
  /** The language of the element's words (`en`, `fr`, ...); default: the page's. */
  lang?: string;
  /** Words of your own in place of the element's (keys as its README lists them). */
  messages?: Record<string, string>;
  /** The session token was exchanged: hand `session.token` to your backend. At most once per QR. */
  onSignedIn?: (session: SessionGrant) => void;
  /** The login moved on: `pending`, `scanned`, `confirmed`, `denied`, `cancelled`, `expired`. */
  onState?: (status: LoginStatus) => void;
  onError?: (error: Error) => void;
  className?: string;
  style?: CSSProperties;
  id?: string;
}

type QrLoginElement = HTMLElement & { messages?: Record<string, string> };

/**
 * The `<qr-login>` element of `@qr-login/browser` as a React component: the same UI as on any other page. Events
 * are bridged with `addEventListener` and `messages` is set as a property, which works alike in React 18 and 19.
 */
export function QrLogin(props: QrLoginProps) {
  const { baseUrl, image, size, lang, messages, className, style, id } = props;
  const element = useRef<QrLoginElement>(null);
  const latestProps = useRef(props);
  useEffect(() => {
    latestProps.current = props;
  });

  useEffect(() => {
    const target = element.current;
    if (!target) return;
    const listeners: Record<string, (event: Event) => void> = {
      'signed-in': (event) => latestProps.current.onSignedIn?.((event as CustomEvent<SessionGrant>).detail),
      state: (event) => latestProps.current.onState?.((event as CustomEvent<LoginStatus>).detail),
      error: (event) => latestProps.current.onError?.((event as CustomEvent<Error>).detail),
    };
    for (const [name, listener] of Object.entries(listeners)) target.addEventListener(name, listener);
    return () => {
      for (const [name, listener] of Object.entries(listeners)) target.removeEventListener(name, listener);
    };
  }, []);

  useEffect(() => {
    if (element.current && messages) element.current.messages = messages;
  }, [messages]);

  return createElement('qr-login', { ref: element, 'base-url': baseUrl, image, size, lang, className, style, id });
}
