import type { en } from './en';

/** Every message id (English is the reference: a language must name them all). */
export type MessageId = keyof typeof en.messages;
export type Messages = Record<MessageId, string>;

/**
 * One language: its tag (`en`, `zh-CN`), its writing direction, and every message (the `<qr-login>` element's
 * shape); the demo pages' catalogues (demo-messages/) have their own messages.
 */
export interface Catalogue<M = Messages> {
  lang: string;
  dir: 'ltr' | 'rtl';
  messages: Readonly<M>;
}

/** `{name}` placeholders filled in; a placeholder without a value stays as written. */
export function format(message: string, values: Record<string, string>): string {
  return message.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
