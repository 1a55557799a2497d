import { z } from 'zod';
import type { Session } from '../../domain';

/** A session as stored (JSON in the user's hash); anything else found there (T15) is not a session. */
const storedSession = z.object({
  id: z.string(),
  userId: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  ip: z.string(),
  browser: z.string().optional(),
  os: z.string().optional(),
  site: z.string(),
  endedAt: z.number().optional(),
  endReason: z.enum(['revoked', 'limit']).optional(),
});

export const toSessionJson = (session: Session): string => JSON.stringify(session);

export function fromSessionJson(json: unknown): Session | undefined {
  if (typeof json !== 'string') return undefined;
  try {
    const parsed = storedSession.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const fromSessionJsonList = (list: unknown): Session[] =>
  (Array.isArray(list) ? list : []).flatMap((json) => fromSessionJson(json) ?? []);
