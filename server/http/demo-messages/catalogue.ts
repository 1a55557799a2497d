import type { Catalogue } from '../page-messages/catalogue';
import type { en } from './en';

/** Every message id of the demo pages (English is the reference: a language must name them all). */
export type DemoMessageId = keyof typeof en.messages;
export type DemoMessages = Record<DemoMessageId, string>;

/** One language of the demo pages, in the shape of the service's page catalogues. */
export type DemoCatalogue = Catalogue<DemoMessages>;
