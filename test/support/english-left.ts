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
