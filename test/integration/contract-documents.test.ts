/** The contract as the service serves it: the OpenAPI and AsyncAPI documents, and the page made of both. */
import { QrApi } from '../support/qr-api';
import { serverForSuite } from '../support/server';

describe('the served contract', () => {
  const suite = serverForSuite();

  it('serves the OpenAPI 3.1 document, naming every route of the browser and the phone', async () => {
    const reply = await new QrApi(suite.server.url).send('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    expect(Object.keys(reply.body.paths)).toEqual(
      expect.arrayContaining(['/api/qr', '/api/qr/{id}', '/api/qr/{id}/scan', '/api/sessions', '/api/audit']),
    );
  });

  it('serves the AsyncAPI 3 document of the /qr namespace', async () => {
    const reply = await new QrApi(suite.server.url).send('GET', '/asyncapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.asyncapi).toMatch(/^3\./);
    expect(reply.body.channels.qr.address).toBe('/qr');
  });

  it('serves the reference page: the HTTP API for Redoc to render, the Socket.IO events written out', async () => {
    const reply = await new QrApi(suite.server.url).send('GET', '/reference');
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('data-spec-url="/openapi.json"');
    expect(reply.text).toContain('<h2>Socket.IO <code>/qr</code></h2>');
  });
});
