import { Parser } from '@asyncapi/parser';
import { asyncApiDocument } from '../../../server/contract/asyncapi-document';

describe('the AsyncAPI document of the /qr namespace', () => {
  it('is a valid AsyncAPI 3 document: the parser reports no error or warning', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApiDocument()));
    const problems = diagnostics.filter((diagnostic) => diagnostic.severity <= 1);
    expect(problems.map((problem) => `${problem.code} ${problem.message} at ${problem.path.join('.')}`)).toEqual([]);
    expect(document?.version()).toMatch(/^3\./);
  });

  it('describes the handshake, the state push and the refusal', async () => {
    const { document } = await new Parser().parse(JSON.stringify(asyncApiDocument()));
    const messages = document!
      .messages()
      .all()
      .map((message) => message.name());
    expect(messages.sort()).toEqual(['auth', 'connect_error', 'state']);
  });
});
