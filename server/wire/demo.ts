/** The demo's bodies (`/demo/users`, `/demo/mobile-token`), served only while DEMO_USERS is on. */

export interface DemoUsersBody {
  users: readonly { id: string; name: string; picture: string }[];
}

export interface MobileTokenBody {
  token: string;
}
