import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: the browser's proof of ownership. Only its hash is ever stored. */
export function newBrowserSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashBrowserSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
