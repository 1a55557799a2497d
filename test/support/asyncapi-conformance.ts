import { asyncApiDocument } from '../../server/contract/asyncapi-document';
import { qrConnectErrorData, statusBody } from '../../server/wire';

/**
 * What the test socket client receives is held against the AsyncAPI document's messages: each message the
 * document names is checked with the wire schema it was generated from, and an event it does not name fails.
 */
const MESSAGES = asyncApiDocument().components.messages;
const SCHEMAS = { [MESSAGES.state.name]: statusBody, [MESSAGES.connectError.name]: qrConnectErrorData } as const;

/** Why `payload` is not what the document says `event` carries, or undefined when it is. */
export function documentedEventBreach(event: string, payload: unknown): string | undefined {
  const schema = Object.hasOwn(SCHEMAS, event) ? SCHEMAS[event] : undefined;
  if (!schema) return `the /qr namespace sent "${event}", which the AsyncAPI document does not name`;
  const result = schema.strict().safeParse(payload);
  if (result.success) return undefined;
  return `"${event}" does not match the AsyncAPI document: ${result.error.message}\n  ${JSON.stringify(payload)}`;
}
