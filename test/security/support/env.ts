/**
 * Environment for tests that are not about abuse limits: every limit off, so thousands of deliberate bad calls from
 * one address measure the defence under test, not the limiter.
 */
export const LIMITS_OFF: Record<string, string> = {
  RATE_LIMIT_CREATE_PER_MINUTE: '0',
  RATE_LIMIT_POLLS_PER_MINUTE: '0',
  RATE_LIMIT_SOCKET_CONNECTS_PER_MINUTE: '0',
  RATE_LIMIT_MOBILE_PER_MINUTE: '0',
};

export function securityEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...LIMITS_OFF, LOG_LEVEL: 'silent', ...extra };
}
