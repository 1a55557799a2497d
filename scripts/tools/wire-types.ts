/**
 * The wire types as plain TypeScript, generated from the schemas, for the SDK packages: their published `.d.ts`
 * must not name zod, so they import client/shared/wire-types.generated.ts, which `npm run wire-types` writes and
 * a unit test keeps fresh.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createSchema, type oas31 } from 'zod-openapi';
import {
  createdLogin,
  decisionBody,
  errorBody,
  qrConnectErrorData,
  scanBody,
  sessionListBody,
  sessionsEndedBody,
  statusBody,
  tokenBody,
  userEventsBody,
} from '../../server/wire';

type Schema = oas31.SchemaObject | oas31.ReferenceObject;

export const WIRE_TYPES_FILE = path.resolve(__dirname, '../../client/shared/wire-types.generated.ts');

/** A literal as Biome would write it (single quotes), though the file is left out of formatting. */
const quoted = (value: unknown) => (typeof value === 'string' ? `'${value.replace(/'/g, "\\'")}'` : String(value));

/** The bodies the SDKs read; every named schema they use comes along. */
const SDK_BODIES = z.object({
  createdLogin,
  statusBody,
  tokenBody,
  scanBody,
  decisionBody,
  errorBody,
  qrConnectErrorData,
  sessionListBody,
  sessionsEndedBody,
  userEventsBody,
});

function typeOf(schema: Schema, indent: string): string {
  if ('$ref' in schema) return String(schema.$ref).split('/').pop()!;
  if (schema.enum) return schema.enum.map((value: unknown) => quoted(value)).join(' | ');
  if (schema.const !== undefined) return quoted(schema.const);
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return variants.map((variant) => typeOf(variant, indent)).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items ?? {}, indent)}[]`;
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  if (schema.type === 'string' || schema.type === 'boolean') return schema.type;
  if (schema.type !== 'object') return 'unknown';
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const about =
      'description' in property && property.description ? `${indent}  /** ${property.description} */\n` : '';
    const optional = schema.required?.includes(name) ? '' : '?';
    return `${about}${indent}  ${name}${optional}: ${typeOf(property, `${indent}  `)};\n`;
  });
  return `{\n${fields.join('')}${indent}}`;
}

export function wireTypesSource(): string {
  const { components } = createSchema(SDK_BODIES, { io: 'output', openapiVersion: '3.1.0' });
  const declarations = Object.entries(components).map(([name, schema]) => {
    const about = schema.description ? `/** ${schema.description} */\n` : '';
    return `${about}export type ${name} = ${typeOf(schema, '')};\n`;
  });
  return `// Generated from the schemas in server/wire by \`npm run wire-types\`: do not edit.\n\n${declarations.join('\n')}`;
}

if (require.main === module) writeFileSync(WIRE_TYPES_FILE, wireTypesSource());
