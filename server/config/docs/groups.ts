/** The sections of docs/configuration.md, and what is said of each setting in them. */

/** In the order docs/configuration.md shows them. */
export const CONFIGURATION_GROUPS = {
  required: {
    title: 'Required in production',
    about: 'With `NODE_ENV=production` the service does not start until these are set (or their alternatives).',
  },
  common: { title: 'Common', about: 'What most deployments set: where it listens, which sites may use it, names.' },
  relay: {
    title: 'Relay defences',
    about:
      'A QR can be photographed and shown to someone else, who then signs the attacker in. These make that hard; all are on by default.',
  },
  scale: {
    title: 'Scale-out',
    about: 'More processes, more machines: every instance that shares a Redis and a key prefix acts as one service.',
  },
  idp: {
    title: 'Identity providers',
    about:
      "How the service checks that the phone's user is signed in: an HS256 secret (`MOBILE_JWT_SECRET`), a public key, your provider's key set (JWKS) or token introspection.",
  },
  limits: {
    title: 'Limits',
    about:
      'Rates, sizes and timeouts. Rate limits are counted in Redis when there is one, so all instances share one allowance; `0` turns a rate limit off.',
  },
  advanced: { title: 'Advanced', about: 'Key rotation, hooks for your site, app links, metrics and tuning.' },
} as const;

export type ConfigurationGroup = keyof typeof CONFIGURATION_GROUPS;

export interface SettingDocs {
  group: ConfigurationGroup;
  /** What it does, one or two sentences. */
  does: string;
  /** A value as it would be written in the environment (`<…>` where it must be your own secret). */
  example: string;
  /** What goes wrong without it, or what it keeps safe. */
  protects?: string;
  /** What happens when it is not set, where the schema's default says nothing (no value). */
  unset?: string;
}
