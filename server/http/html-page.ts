/** The shell of the service's own HTML pages: the pages' stylesheet, no scripts, nothing inline (the CSP holds). */

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function html(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
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
