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

  it('serves the reference page under the CSP: no scripts, no inline styles', async () => {
    const reply = await new QrApi(suite.server.url).send('GET', '/reference');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-security-policy']).toMatch(/script-src/);
    expect(reply.text).toContain('GET /api/qr/{id}');
    expect(reply.text).not.toMatch(/<script|style=|<style/i);
  });
});
