/** The shell of the service's own HTML pages: the pages' stylesheet, no scripts, nothing inline (the CSP holds). */

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The language a page is written in, and its writing direction. */
export interface PageLanguage {
  lang: string;
  dir: 'ltr' | 'rtl';
}

export function html(title: string, body: string, { lang, dir }: PageLanguage = { lang: 'en', dir: 'ltr' }): string {
  return `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>${title}</title>
  <link rel="stylesheet" href="/assets/styles.css">
</head>
<body>
  <main class="card">
${body}
  </main>
</body>
</html>
`;
}
