import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '../../../server/config';
import { refusal } from './refusal';

const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_JWT_SECRET: 'a-session-secret-of-at-least-32-characters',
  MOBILE_JWT_SECRET: 'a-mobile-secret-of-at-least-32-characters!',
  PUBLIC_URL: 'https://login.example',
  REDIS_URL: 'redis://r:6379',
};
const WEBHOOK_SECRET = 'a-webhook-secret-of-at-least-32-characters';

describe('REVOCATION_WEBHOOK_URL in production', () => {
  it('refuses plain http to another machine: the revocations would travel readable and forgeable in transit', () => {
    const error = refusal({
      ...PRODUCTION,
      REVOCATION_WEBHOOK_URL: 'http://shop.example/hooks',
      REVOCATION_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
    expect(error.variable).toBe('REVOCATION_WEBHOOK_URL');
    expect(error.message).toMatch(/https/);
  });

  it.each(['https://shop.example/hooks', 'http://127.0.0.1:8080/hooks', 'http://localhost/hooks', 'http://[::1]/h'])(
    'accepts %s',
    (url) => {
      const config = loadConfig({
        ...PRODUCTION,
        REVOCATION_WEBHOOK_URL: url,
        REVOCATION_WEBHOOK_SECRET: WEBHOOK_SECRET,
      });
      expect(config.revocationWebhookUrl).toBe(url);
    },
  );
});

describe('a session key ring holding the private half of the mobile public key', () => {
  const phone = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = (key: typeof phone.privateKey) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('is refused: a session token signed with that key would pass as a phone token', () => {
    const error = refusal({
      ...PRODUCTION,
      SESSION_JWT_SECRET: '',
      MOBILE_JWT_SECRET: '',
      SESSION_JWT_PRIVATE_KEYS: `${pem(other.privateKey)}${pem(phone.privateKey)}`,
      MOBILE_JWT_PUBLIC_KEY: phone.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    expect(error.variable).toBe('MOBILE_JWT_PUBLIC_KEY');
    expect(error.message).toMatch(/SESSION_JWT_PRIVATE_KEYS/);
  });

  it('a ring of other keys is accepted', () => {
    const config = loadConfig({
      ...PRODUCTION,
      SESSION_JWT_SECRET: '',
      MOBILE_JWT_SECRET: '',
      SESSION_JWT_PRIVATE_KEYS: pem(other.privateKey),
      MOBILE_JWT_PUBLIC_KEY: phone.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    expect(config.production).toBe(true);
  });
});
