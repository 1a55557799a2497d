import { tlsCheck } from '../../../scripts/doctor/checks/tls';

const target = (url: string) => ({ baseUrl: url, url: new URL(url), origin: 'https://shop.example', timeoutMs: 1000 });

describe('doctor TLS check of a plain http URL (decided without connecting)', () => {
  it('fails a non-loopback address: phones and browsers need https', async () => {
    const finding = await tlsCheck(target('http://login.example'));
    expect(finding.status).toBe('fail');
    expect(finding.detail).toMatch(/PUBLIC_URL/);
  });

  it.each(['http://127.0.0.1:3000', 'http://localhost:3000', 'http://[::1]:3000'])(
    'notes loopback %s as fine for trying it locally',
    async (url) => {
      expect((await tlsCheck(target(url))).status).toBe('note');
    },
  );
});
