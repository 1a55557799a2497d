/** The demo's bodies (`/demo/users`, `/demo/mobile-token`), served only while DEMO_USERS is on. */
import { z } from 'zod';

export const demoUsersBody = z
  .object({ users: z.array(z.object({ id: z.string(), name: z.string(), picture: z.string() })).readonly() })
  .meta({ id: 'DemoUsersBody' });
export type DemoUsersBody = z.infer<typeof demoUsersBody>;

export const mobileTokenRequest = z.object({ userId: z.string().min(1).max(64) }).meta({ id: 'MobileTokenRequest' });

export const mobileTokenBody = z.object({ token: z.string() }).meta({ id: 'MobileTokenBody' });
export type MobileTokenBody = z.infer<typeof mobileTokenBody>;
