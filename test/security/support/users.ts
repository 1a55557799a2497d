/** Phone users of the adversarial tests; names travel in the mobile token and must reach only the right browser. */
export const USERS = ['alice', 'bob', 'carol'] as const;
export type UserId = (typeof USERS)[number];

export const displayName = (user: string): string => `User ${user}`;
export const pictureOf = (user: string): string => `https://pictures.example/${user}.png`;
