import type { en } from './en';

/** Every message id of the demo pages (English is the reference: a language must name them all). */
export type DemoMessageId = keyof typeof en.messages;
export type DemoMessages = Record<DemoMessageId, string>;

/** One language of the demo pages, in the shape of the service's page catalogues (page-messages/). */
export interface DemoCatalogue {
  lang: string;
  dir: 'ltr' | 'rtl';
  messages: Readonly<DemoMessages>;
}
