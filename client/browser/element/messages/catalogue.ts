import type { en } from './en';

/** Every message id (English is the reference: a language must name them all). */
export type MessageId = keyof typeof en.messages;
export type Messages = Record<MessageId, string>;

/** One language: its tag (`en`, `pt-BR`), its writing direction, and every message. */
export interface Catalogue {
  lang: string;
  dir: 'ltr' | 'rtl';
  messages: Readonly<Messages>;
}
