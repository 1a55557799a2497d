import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { oas31 } from 'zod-openapi';
import { openApiDocument } from '../../server/contract/openapi-document';

/**
 * Every answer the test HTTP client receives is held against the generated OpenAPI document: its status must be
 * one the operation documents, its content type one documented for that status, and a JSON body must match the
 * schema. A path no operation names may only answer the contract's 404. So a route that answers something
 * undocumented fails whichever test met it.
 */

export interface Answer {
  method: string;
  path: string;
  status: number;
  contentType: string | undefined;
  text: string;
}

const DOCUMENT = openApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(DOCUMENT as object, 'openapi');
const validators = new Map<string, ValidateFunction>();

const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function validatorAt(schemaPointer: string): ValidateFunction {
  let validate = validators.get(schemaPointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi#/${schemaPointer}` });
    validators.set(schemaPointer, validate);
  }
  return validate;
}

/** Each documented path as a pattern; literal paths come before templated ones, so `/api/qr/by-code/x` is not an id. */
const ROUTES = Object.keys(DOCUMENT.paths ?? {})
  .map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    params: (template.match(/\{/g) ?? []).length,
  }))
  .sort((a, b) => a.params - b.params);

function operationOf(method: string, path: string): { template: string; operation: oas31.OperationObject } | undefined {
  const bare = path.split('?')[0]!;
  const verb = (method === 'HEAD' ? 'get' : method.toLowerCase()) as 'get' | 'post' | 'delete';
  for (const { template, pattern } of ROUTES) {
    const operation = pattern.test(bare) ? DOCUMENT.paths?.[template]?.[verb] : undefined;
    if (operation) return { template, operation };
  }
  return undefined;
}

/** Why the answer breaks the contract, or undefined when it keeps it. */
export function contractBreach(answer: Answer): string | undefined {
  // A CORS preflight is answered by the CORS middleware, never by an operation.
  if (answer.method === 'OPTIONS') return undefined;
  const found = operationOf(answer.method, answer.path);
  const mediaType = answer.contentType?.split(';')[0]?.trim().toLowerCase();
  if (!found) {
    if (answer.status !== 404)
      return `no operation ${answer.method} ${answer.path} in the OpenAPI document, yet ${answer.status}`;
    return bodyBreach(answer, mediaType, pointer('components', 'schemas', 'ErrorBody'));
  }
  const { template, operation } = found;
  const response = operation.responses?.[String(answer.status) as '200'] as oas31.ResponseObject | undefined;
  if (!response) return `${answer.status} is not documented for ${answer.method} ${template}`;
  const content = response.content ?? {};
  if (Object.keys(content).length === 0 || answer.method === 'HEAD') {
    return answer.text === '' || answer.method === 'HEAD' ? undefined : `${answer.status} of ${template} has a body`;
  }
  if (!mediaType || !(mediaType in content)) {
    return `content type ${answer.contentType} is not documented for ${answer.status} of ${template}`;
  }
  if (mediaType !== 'application/json') return undefined;
  const verb = answer.method.toLowerCase();
  return bodyBreach(
    answer,
    mediaType,
    pointer('paths', template, verb, 'responses', String(answer.status), 'content', mediaType, 'schema'),
  );
}

function bodyBreach(answer: Answer, mediaType: string | undefined, schemaPointer: string): string | undefined {
  if (mediaType !== 'application/json') return `a ${answer.status} must be JSON, got ${answer.contentType}`;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return 'the body is not JSON';
  }
  const validate = validatorAt(schemaPointer);
  if (validate(body)) return undefined;
  return `the body does not match the schema: ${ajv.errorsText(validate.errors)}`;
}
