/** The OpenAPI and AsyncAPI documents as the body of one HTML page to read: no scripts, no inline styles. */
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

function operation(method: string, path: string, op: oas31.OperationObject): string {
  const parameters = (op.parameters ?? []) as oas31.ParameterObject[];
  const params = parameters.map(
    (p) =>
      `<li><code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ', required' : ''}): ${typeOf(p.schema)} ${prose(p.description)}</li>`,
  );
  const body = (op.requestBody as oas31.RequestBodyObject | undefined)?.content ?? {};
  const bodies = Object.entries(body).map(
    ([type, media]) => `<li>body <code>${type}</code>: ${typeOf(media.schema)}</li>`,
  );
  const responses = Object.entries(op.responses ?? {}).map(([status, response]) => {
    const content = Object.entries((response as oas31.ResponseObject).content ?? {});
    const shapes = content.map(([type, media]) => `<code>${type}</code> ${typeOf(media.schema)}`).join(', ');
    return `<li><strong>${status}</strong> ${prose((response as oas31.ResponseObject).description)} ${shapes}</li>`;
  });
  const auth = op.security?.flatMap((requirement) => Object.keys(requirement)) ?? [];
  return `<section id="${op.operationId}">
<h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3>
<p>${prose(op.summary)}${auth.length ? ` <em>(${auth.join(', ')})</em>` : ''}</p>
${op.description ? `<p>${prose(op.description)}</p>` : ''}
<ul>${[...params, ...bodies].join('')}</ul>
<ul>${responses.join('')}</ul>
</section>`;
}

export function referencePage(openApi: oas31.OpenAPIObject, asyncApi: ReturnType<typeof asyncApiDocument>): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(openApi.paths ?? {})) {
    for (const method of ['get', 'post', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(method, path, op)]);
    }
  }
  const sections = openApi.tags?.map(
    (tag) =>
      `<h2>${escapeHtml(tag.name)}</h2><p>${prose(tag.description)}</p>${(byTag.get(tag.name) ?? []).join('\n')}`,
  );
  const messages = Object.values(asyncApi.components.messages).map(
    (message) => `<li><code>${message.name}</code>: ${typeOf(message.payload)} ${prose(message.summary)}</li>`,
  );
  const schemas = { ...openApi.components?.schemas, ...asyncApi.components.schemas } as Record<
    string,
    oas31.SchemaObject
  >;
  const schemaSections = Object.entries(schemas).map(
    ([name, schema]) =>
      `<section id="${anchor(name)}"><h3>${escapeHtml(name)}</h3><p>${typeOf(schema)} ${prose(schema.description)}</p>${properties(schema)}</section>`,
  );
  return `<h1>${escapeHtml(openApi.info.title)} API ${escapeHtml(openApi.info.version)}</h1>
<p>${prose(openApi.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">OpenAPI</a>, <a href="/asyncapi.json">AsyncAPI</a>.</p>
${sections?.join('\n') ?? ''}
<h2>Socket.IO <code>${escapeHtml(asyncApi.channels.qr.address)}</code></h2>
<p>${prose(asyncApi.info.description)}</p>
<ul>${messages.join('')}</ul>
<h2>Schemas</h2>
${schemaSections.join('\n')}`;
}
