import type { DemoUsersBody, MobileTokenBody } from '../../server/wire/demo';
import { requestJson } from '../shared/http';

export type DemoUser = DemoUsersBody['users'][number];

/** The demo's stand-in for a real app's own sign-in (served only when DEMO_USERS is on). */
export async function fetchDemoUsers(baseUrl: string): Promise<DemoUser[]> {
  const body = await requestJson<DemoUsersBody>(`${baseUrl}/demo/users`, { method: 'GET' });
  return [...body.users];
}

export async function fetchMobileToken(baseUrl: string, userId: string): Promise<string> {
  const body = await requestJson<MobileTokenBody>(`${baseUrl}/demo/mobile-token`, { method: 'POST', body: { userId } });
  return body.token;
}
