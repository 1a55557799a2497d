/**
 * The words of the demo login and phone pages in each language the service speaks, chosen like the service's
 * own pages by Accept-Language (page-messages/); English when the browser asks for none of them.
 */
import { ar } from './ar';
import type { DemoCatalogue } from './catalogue';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { ja } from './ja';
import { pt } from './pt';
import { zhCN } from './zh-CN';

export type { DemoCatalogue, DemoMessageId, DemoMessages } from './catalogue';

export const DEMO_LANGUAGES: readonly DemoCatalogue[] = [en, de, fr, es, pt, zhCN, ja, ar];
