import { contractBreach } from '../../support/openapi-conformance';

const ID = '7ed02626-1b80-4231-b6a8-519351cdffea';
const status = { id: ID, state: 'pending', version: 1, expiresAt: '2026-11-24T23:36:50.787Z' };
const json = 'application/json; charset=utf-8';

describe('holding an answer against the OpenAPI document', () => {
  it('accepts a documented status, content type and body', () => {
    const answer = {
      method: 'GET',
      path: `/api/qr/${ID}`,
      status: 200,
      contentType: json,
      text: JSON.stringify(status),
    };
    expect(contractBreach(answer)).toBeUndefined();
  });

  it('refuses a status the operation does not document', () => {
    const answer = { method: 'GET', path: `/api/qr/${ID}`, status: 409, contentType: json, text: '{}' };
    expect(contractBreach(answer)).toMatch(/409 is not documented/);
  });

  it('refuses a field the schema does not name, and a field of the wrong type', () => {
    const extra = JSON.stringify({ ...status, secret: 'x' });
    expect(
      contractBreach({ method: 'GET', path: `/api/qr/${ID}`, status: 200, contentType: json, text: extra }),
    ).toMatch(/does not match/);
    const wrong = JSON.stringify({ ...status, version: 'one' });
    expect(
      contractBreach({ method: 'GET', path: `/api/qr/${ID}`, status: 200, contentType: json, text: wrong }),
    ).toMatch(/does not match/);
  });

  it("refuses an error code the operation does not name for that status, and one of another status's", () => {
    const refusal = (code: string) => JSON.stringify({ error: { code, message: 'x' } });
    const confirm = (status: number, code: string) =>
      contractBreach({ method: 'POST', path: `/api/qr/${ID}/confirm`, status, contentType: json, text: refusal(code) });
    expect(confirm(403, 'check_code_mismatch')).toBeUndefined();
    expect(confirm(403, 'forbidden')).toBeUndefined();
    expect(confirm(403, 'unauthorized')).toMatch(/does not match/);
    // qr_replaced is a scan's answer (410): a confirm does not give it.
    expect(confirm(410, 'qr_replaced')).toMatch(/410 is not documented/);
    expect(confirm(429, 'slow_down')).toMatch(/does not match/);
  });

  it('refuses an undocumented content type and a body on a 204', () => {
    const html = { method: 'GET', path: `/api/qr/${ID}`, status: 200, contentType: 'text/html', text: '<p>' };
    expect(contractBreach(html)).toMatch(/content type/);
    expect(
      contractBreach({ method: 'DELETE', path: `/api/qr/${ID}`, status: 204, contentType: json, text: '{}' }),
    ).toMatch(/has a body/);
  });

  it('lets a path no operation names answer only the contract 404', () => {
    const notFound = JSON.stringify({ error: { code: 'not_found', message: 'No such endpoint.' } });
    expect(
      contractBreach({ method: 'GET', path: '/nope', status: 404, contentType: json, text: notFound }),
    ).toBeUndefined();
    expect(contractBreach({ method: 'GET', path: '/nope', status: 200, contentType: json, text: '{}' })).toMatch(
      /no operation/,
    );
  });
});
