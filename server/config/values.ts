/**
 * How one environment variable's text becomes a value: the zod building blocks that server/config.ts declares
 * its settings with. Each refuses bad text with a message that config.ts prefixes with the variable's name.
 */

import type { KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { algorithmOf } from '../auth/asymmetric-keys';
import type { HostPort } from '../store/redis/connections';

export const wholeNumber = <Fallback extends number | undefined>(min: number, max: number, fallback: Fallback) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const parsed = Number(value);
      if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got "${value}"` });
        return z.NEVER;
      }
      return parsed;
    });

export const flag = <Fallback extends boolean | undefined>(fallback: Fallback) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value): boolean | Fallback => (value === undefined ? fallback : value === 'true' || value === '1'));

export const httpUrl = z.url({ protocol: /^https?$/ });

/** A comma-separated list; each item must pass `check`, which returns a problem or nothing. */
export const list = (check: (item: string) => string | undefined) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const items = (value ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      for (const item of items) {
        const problem = check(item);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
      return items;
    });

/**
 * A PEM key made into a KeyObject once, refused unless it is RSA 2048+ or P-256 (the algorithms we pin).
 * `\\n` escapes are accepted because many deployment tools cannot put newlines in a variable.
 */
export const pemKey = (kind: 'PRIVATE KEY' | 'PUBLIC KEY', make: (pem: string) => KeyObject) =>
  z
    .string()
    .optional()
    .transform((value, ctx): KeyObject | undefined => {
      if (value === undefined) return undefined;
      const pem = value.replace(/\\n/g, '\n');
      if (!new RegExp(`-----BEGIN ([A-Z]+ )?${kind}-----`).test(pem)) {
        ctx.addIssue({ code: 'custom', message: `must be a PEM ${kind.toLowerCase()}` });
        return z.NEVER;
      }
      try {
        const key = make(pem);
        algorithmOf(key);
        return key;
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

/** A file read once at start and turned into what the setting needs; an unreadable or wrong file stops the start. */
export const fileOf = <T>(make: (bytes: Buffer) => T) =>
  z
    .string()
    .optional()
    .transform((path, ctx): T | undefined => {
      if (path === undefined) return undefined;
      try {
        return make(readFileSync(path));
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `${path}: ${(error as Error).message}` });
        return z.NEVER;
      }
    });

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[\w.-]+):(\d{1,5})$/;
export const hostPortProblem = (item: string) => {
  const port = Number(HOST_PORT.exec(item)?.[2]);
  return port >= 1 && port <= 65535 ? undefined : `"${item}" is not host:port`;
};
export const toHostPort = (item: string): HostPort => {
  const [, host = '', port] = HOST_PORT.exec(item)!;
  return { host: host.replace(/^\[|\]$/g, ''), port: Number(port) };
};

export const jwtSecret = z.string().min(32, 'must be at least 32 characters').optional();

const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----[\s\S]+?-----END ([A-Z]+ )?PRIVATE KEY-----/g;

/**
 * Session signing keys for a rotation: PEM blocks one after another, or a directory whose `*.pem` files are
 * the keys in name order. Either way the first signs and all verify. Read once, at start.
 */
export const privateKeyList = z
  .string()
  .optional()
  .transform((value, ctx): string[] => {
    if (value === undefined) return [];
    const text = value.replace(/\\n/g, '\n');
    let pems: string[];
    try {
      pems = text.includes('-----BEGIN')
        ? (text.match(PEM_PRIVATE_KEY) ?? [])
        : readdirSync(value)
            .filter((name) => name.endsWith('.pem'))
            .sort()
            .map((name) => readFileSync(join(value, name), 'utf8'));
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `is neither PEM keys nor a readable directory: ${(error as Error).message}`,
      });
      return z.NEVER;
    }
    if (pems.length === 0) ctx.addIssue({ code: 'custom', message: 'holds no PEM private key' });
    return pems;
  });
export const perMinute = (fallback: number) => wholeNumber(0, 1_000_000, fallback);

/** `scheme://host[:port]` of an http(s) URL with no path, query or credentials; else undefined. */
export function asOrigin(entry: string): string | undefined {
  const url = URL.canParse(entry) ? new URL(entry) : undefined;
  const plain = url && !url.search && !url.hash && !url.username && !url.password && url.pathname === '/';
  return plain && /^https?:$/.test(url.protocol) ? url.origin : undefined;
}
