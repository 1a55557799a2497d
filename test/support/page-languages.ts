import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';

/** The languages the service's pages speak besides English: what a browser asks for, what it gets, which way. */
export const ACCEPTED_LANGUAGES = [
  ['de-DE,de;q=0.9', 'de', 'ltr'],
  ['fr-FR,fr;q=0.9,en;q=0.5', 'fr', 'ltr'],
  ['es-ES', 'es', 'ltr'],
  ['pt-BR,pt;q=0.9', 'pt', 'ltr'],
  ['zh-CN,zh;q=0.9', 'zh-CN', 'ltr'],
  ['ja', 'ja', 'ltr'],
  ['ar', 'ar', 'rtl'],
] as const;

/**
 * Finding English left on a translated screen: every run of three words in the English catalogue is a phrase
 * that a translated screen must not show (placeholders count as a name, as they are on screen).
 */
export function englishPhrases(messages: Readonly<Record<string, string>>): string[] {
  return Object.values(messages).flatMap((message) => {
    const words = wordsOf(message.replace(/\{\w+\}/g, 'Acme'));
    return words.slice(2).map((_, index) => words.slice(index, index + 3).join(' '));
  });
}

/** The English phrases that `text` still shows, each within one line (the end of a line ends a phrase). */
export function englishLeft(text: string, phrases: readonly string[]): string[] {
  const lines = text.split('\n').map((line) => ` ${wordsOf(line).join(' ')} `);
  return phrases.filter((phrase) => lines.some((words) => words.includes(` ${phrase} `)));
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z']+/g) ?? [];
}

/** A phone-sized screen (360 px wide, touch) asking for `languages` in its Accept-Language header alone. */
export function phoneContext(
  browser: Browser,
  languages?: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    ...(languages && { extraHTTPHeaders: { 'accept-language': languages } }),
    ...options,
  });
}
