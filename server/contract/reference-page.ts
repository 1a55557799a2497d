/** /reference: the HTTP API rendered by Redoc beside the Socket.IO events, one full-width page. */
import type { oas31 } from 'zod-openapi';
import type { asyncApiDocument } from './asyncapi-document';

type Schema = oas31.SchemaObject | oas31.ReferenceObject;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
/** Descriptions use `code` spans and nothing else of Markdown. */
const prose = (text = '') => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
const anchor = (name: string) => `schema-${name}`;

function typeOf(schema: Schema | undefined): string {
  if (!schema) return '';
  if ('$ref' in schema) {
    const name = String(schema.$ref).split('/').pop()!;
    return `<a href="#${anchor(name)}">${escapeHtml(name)}</a>`;
  }
  if (schema.enum)
    return schema.enum.map((value: unknown) => `<code>${escapeHtml(JSON.stringify(value))}</code>`).join(' | ');
  if (schema.const !== undefined) return `<code>${escapeHtml(JSON.stringify(schema.const))}</code>`;
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return variants.map(typeOf).join(' | ');
  // A narrowed shape (an error body whose code is one of a few): the named schema is what a reader follows.
  if (schema.allOf) return schema.allOf.map(typeOf).join(' &amp; ');
  if (schema.type === 'array') return `${typeOf(schema.items)}[]`;
  return escapeHtml(String(schema.type ?? 'any'));
}

function properties(schema: oas31.SchemaObject): string {
  const rows = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const required = schema.required?.includes(name) ? '' : '?';
    const about = 'description' in property ? prose(property.description) : '';
    return `<tr><td><code>${escapeHtml(name)}${required}</code></td><td>${typeOf(property)}</td><td>${about}</td></tr>`;
  });
  return rows.length ? `<table><tr><th>field</th><th>type</th><th></th></tr>${rows.join('')}</table>` : '';
}

/**
 * The whole /reference document: the HTTP API rendered in the page by Redoc (client/reference, bundled from the
 * redoc package and served at /assets/reference.js) from /openapi.json, and the Socket.IO events rendered here
 * from the AsyncAPI document. Its own scripts only, nothing inline; Redoc's styles are the one thing the page's
 * policy lets in inline (server/http/security-headers.ts).
 */
export function referencePage(openApi: oas31.OpenAPIObject, asyncApi: ReturnType<typeof asyncApiDocument>): string {
  const title = `${escapeHtml(openApi.info.title)} API ${escapeHtml(openApi.info.version)}`;
  const messages = Object.values(asyncApi.components.messages).map(
    (message) => `<li><code>${message.name}</code>: ${typeOf(message.payload)} ${prose(message.summary)}</li>`,
  );
  const schemas = Object.entries(asyncApi.components.schemas as Record<string, oas31.SchemaObject>).map(
    ([name, schema]) =>
      `<section id="${anchor(name)}"><h3>${escapeHtml(name)}</h3><p>${typeOf(schema)} ${prose(schema.description)}</p>${properties(schema)}</section>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} reference</title>
  <link rel="stylesheet" href="/assets/styles.css">
</head>
<body class="reference">
  <header class="reference-header">
    <h1>${title}</h1>
    <nav><a href="#http-api">HTTP</a> <a href="#socket-events">Socket.IO events</a> <a href="/openapi.json">OpenAPI</a> <a href="/asyncapi.json">AsyncAPI</a></nav>
  </header>
  <div id="http-api" data-spec-url="/openapi.json"><noscript>The HTTP reference needs JavaScript; <a href="/openapi.json">the OpenAPI document</a> is plain JSON.</noscript></div>
  <section id="socket-events" class="reference-events">
    <h2>Socket.IO <code>${escapeHtml(asyncApi.channels.qr.address)}</code></h2>
    <p>${prose(asyncApi.info.description)}</p>
    <ul>${messages.join('')}</ul>
    ${schemas.join('\n')}
  </section>
  <script src="/assets/reference.js"></script>
</body>
</html>
`;
}
