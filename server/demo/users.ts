/** The demo's made-up people. Avatars are inline SVG data URLs so the demo needs no external host. */
export interface DemoUser {
  id: string;
  name: string;
  picture: string;
}

function avatar(initial: string, background: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">` +
    `<circle cx="32" cy="32" r="32" fill="${background}"/>` +
    `<text x="32" y="42" font-family="system-ui,sans-serif" font-size="28" font-weight="700" fill="#fff" text-anchor="middle">${initial}</text>` +
    `</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'alice', name: 'Alice Martin', picture: avatar('A', '#7c3aed') },
  { id: 'bob', name: 'Bob Okafor', picture: avatar('B', '#0f766e') },
  { id: 'carol', name: 'Carol Chen', picture: avatar('C', '#c2410c') },
];

export function findDemoUser(id: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.id === id);
}
