import type { Session } from '../domain';

/**
 * Tells relying services at once that sessions ended (the webhook), so they can drop their cookies before
 * the token expires. A hint like the pub/sub announcement: introspection stays the truth.
 */
export interface RevocationNotifier {
  /** Returns at once; delivery (with its retries) happens in the background. */
  sessionsEnded(sessions: readonly Session[]): void;
}

export const NO_REVOCATION_NOTIFIER: RevocationNotifier = { sessionsEnded: () => undefined };
