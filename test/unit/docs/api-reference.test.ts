import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '../../../server/contract/openapi-document';
import { ERROR_CODES } from '../../../server/wire';

/** docs/api.md is prose for people; the schemas are the contract. Each must name what the other does. */
const API_MD = readFileSync(path.resolve(__dirname, '../../../docs/api.md'), 'utf8');

/** `GET /api/qr/:id` as docs/api.md writes a route: in backticks, `:name` parameters, query and notes after. */
const documentedRoutes = new Set(
  [...API_MD.matchAll(/`(GET|POST|DELETE) (\/[^`\s[?]*)/g)].map(([, method, route]) => `${method} ${route}`),
);

const schemaRoutes = new Set(
  Object.entries(openApiDocument().paths ?? {}).flatMap(([route, item]) =>
    (['get', 'post', 'delete'] as const)
      .filter((method) => item[method])
      .map((method) => `${method.toUpperCase()} ${route.replace(/\{(\w+)\}/g, ':$1')}`),
  ),
);

describe('docs/api.md against the OpenAPI document', () => {
  it('describes every operation of the document', () => {
    expect([...schemaRoutes].filter((route) => !documentedRoutes.has(route))).toEqual([]);
  });

  it('describes no route the document lacks', () => {
    expect([...documentedRoutes].filter((route) => !schemaRoutes.has(route))).toEqual([]);
  });

  it('lists every error code of the schemas in its error table', () => {
    const table = new Set([...API_MD.matchAll(/^\| \d{3}\s+\| `([a-z_]+)`/gm)].map(([, code]) => code));
    expect(ERROR_CODES.filter((code) => !table.has(code))).toEqual([]);
    expect([...table].filter((code) => !(ERROR_CODES as readonly string[]).includes(code!))).toEqual([]);
  });
});
