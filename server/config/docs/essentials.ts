import type { SettingDocs } from './groups';

/** Settings required in production, the common ones and the relay defences: what a first deployment reads. */
export const ESSENTIAL_SETTINGS = {
  nodeEnv: {
    group: 'required',
    does: '`production` (in any casing) applies the production rules: both JWT secrets (or their keys) required, demo users off, an `https://` `PUBLIC_URL`, `REDIS_URL` (or `ALLOW_EMBEDDED_STORE`).',
    example: 'production',
    protects:
      'Turns on every production rule below; any casing counts, so an odd spelling never keeps the demo sign-in on.',
    unset: 'development: demo users on, random keys for the run, the embedded store allowed',
  },
  redisUrl: {
    group: 'required',
    does: 'One Redis node to use (`redis://` or `rediss://`, credentials in the URL); unset with the two below: the embedded in-process store (one instance only).',
    example: 'redis://redis:6379',
    protects:
      'Logins survive a restart and every instance sees the same ones; without it a restart drops logins under way.',
    unset: 'the embedded in-process store (one instance; refused in production unless ALLOW_EMBEDDED_STORE=true)',
  },
  publicUrl: {
    group: 'required',
    does: 'Base URL that the QR content points at (`<PUBLIC_URL>/scan/<id>`); must be `https://` when `NODE_ENV=production`.',
    example: 'https://login.example.com',
    protects:
      'Phones open this address from the QR: over plain http a network attacker could read or change what the phone is asked to approve.',
    unset: 'derived from where the server listens (a warning when HOST listens on every address)',
  },
  sessionJwtSecret: {
    group: 'required',
    does: 'HS256 key for the session tokens it issues (32+ characters; must differ from `MOBILE_JWT_SECRET`).',
    example: '<32+ random characters: openssl rand -base64 32>',
    protects: 'The session tokens your site trusts: anyone who knows this key can sign in as anyone.',
    unset:
      'a random key for this run, with a warning; refused in production unless SESSION_JWT_PRIVATE_KEY, SESSION_JWT_SECRETS or SESSION_JWT_PRIVATE_KEYS replaces it',
  },
  mobileJwtSecret: {
    group: 'required',
    does: 'HS256 key that mobile user tokens are verified with (32+ characters).',
    example: "<the secret your app's tokens are signed with, 32+ characters>",
    protects: "The phone's word that a user is signed in: anyone who knows this key can approve logins as anyone.",
    unset:
      'a random key for this run, with a warning; refused in production unless MOBILE_JWT_PUBLIC_KEY, MOBILE_JWT_JWKS_URL or MOBILE_TOKEN_INTROSPECTION_URL replaces it',
  },
  port: {
    group: 'common',
    does: 'Where HTTP and Socket.IO listen (`0`: any free port).',
    example: '8080',
  },
  host: {
    group: 'common',
    does: 'The address HTTP and Socket.IO listen on (`0.0.0.0` or `::` for every address).',
    example: '0.0.0.0',
    protects: 'The default listens on this machine only, so nothing is exposed by accident.',
  },
  sessionTokenTtlSeconds: {
    group: 'common',
    does: 'Lifetime of an issued session token.',
    example: '900',
    protects: 'A stolen session token stops working after this.',
  },
  sessionJwtPrivateKey: {
    group: 'common',
    does: 'PEM private key (RSA 2048+ for RS256, P-256 for ES256) to sign session tokens instead; its public half is served at `/.well-known/jwks.json`.',
    example: '<PEM private key, RSA 2048+ or P-256; \\n for newlines>',
    protects:
      'Your site verifies session tokens with the public half (served as a JWKS), so no shared secret leaves this service.',
  },
  sessionJwtIssuer: {
    group: 'common',
    does: '`iss` of issued session tokens.',
    example: 'https://login.example.com',
    protects: 'Your site can refuse tokens some other issuer made.',
    unset: 'no iss claim',
  },
  sessionJwtAudience: {
    group: 'common',
    does: '`aud` of issued session tokens.',
    example: 'shop.example.com',
    protects: 'A token made for your site is refused by another that checks aud.',
    unset: 'no aud claim',
  },
  corsOrigins: {
    group: 'common',
    does: 'Comma-separated origins allowed to call the API and open sockets from other sites; creates from any other origin are refused (`https://shop.example/` is read as `https://shop.example`; a path stops the start).',
    example: 'https://shop.example.com,https://www.shop.example.com',
    protects:
      'Only your pages can create logins and listen for them; a page elsewhere cannot start a login in your name.',
    unset: "none: the service's own origin only",
  },
  trustedProxies: {
    group: 'common',
    does: 'Comma-separated proxies whose `X-Forwarded-For` is believed: addresses, CIDRs, or `loopback`, `linklocal`, `uniquelocal`.',
    example: 'loopback,10.0.0.0/8',
    protects: 'Per-address limits count real clients: a forged X-Forwarded-For from anyone else is ignored.',
    unset: 'none: X-Forwarded-For is ignored',
  },
  demoUsers: {
    group: 'common',
    does: 'Serve the demo users and their token endpoint (tokens under a key made up for the run); on by default only while no mobile key is configured, always off when `NODE_ENV=production`.',
    example: 'false',
    protects:
      'The demo hands out tokens for made-up users; production never serves it, and a configured app key turns it off unless you say `true`.',
  },
  demoTokenSecret: {
    group: 'advanced',
    does: "Signs the demo users' tokens (never one of your mobile keys; 32 characters or more). Set the same on every instance of one demo; default: random for this run.",
    example: '<32 or more random characters>',
    protects: 'Demo tokens never verify under a real key, so the demo cannot mint tokens your app would accept.',
  },
  logLevel: {
    group: 'common',
    does: 'Pino level (`fatal` … `trace`, `silent`); `info` writes one access line per request with its `X-Request-Id`.',
    example: 'warn',
  },
  siteName: {
    group: 'common',
    does: "The site the phone is told it signs in to, shown beside the page's origin (which is always shown, checked against `CORS_ORIGINS` at create).",
    example: 'Acme Shop',
    protects: 'The person on the phone sees which site asks before approving.',
    unset: 'the origin alone',
  },
  appName: {
    group: 'common',
    does: 'The phone app\'s name on the pages served when the demo is off: `/scan/:id` says "open this code in the <name> app".',
    example: 'Acme',
    unset: '"the app"',
  },
  appStoreUrl: {
    group: 'common',
    does: '`https://` App Store link on the scan page served when the demo is off.',
    example: 'https://apps.apple.com/app/id123456789',
    unset: 'no link',
  },
  playStoreUrl: {
    group: 'common',
    does: '`https://` Google Play link on the scan page served when the demo is off.',
    example: 'https://play.google.com/store/apps/details?id=com.example.app',
    unset: 'no link',
  },
  qrTtlSeconds: {
    group: 'relay',
    does: 'Lifetime of a QR login (1 to 3600).',
    example: '60',
    protects: 'A leaked QR is useless after this.',
  },
  confirmWindowSeconds: {
    group: 'relay',
    does: 'After a scan, the user has this long to confirm or deny (never longer than the QR lives).',
    example: '30',
    protects: 'A scanned login left on a phone cannot be approved much later.',
  },
  qrRotateSeconds: {
    group: 'relay',
    does: "While a login waits, its QR content changes this often (a rotation mark after the id); a superseded content is refused at once (`410 qr_replaced`), so a relayed copy works for one period instead of the QR's life; `0` turns it off.",
    example: '20',
    protects: 'A QR photographed and relayed to a victim works for one period instead of its whole life.',
  },
  checkCode: {
    group: 'relay',
    does: 'Number matching after a scan: `match` (the browser shows two digits, the phone offers three numbers and the user picks the one on screen; a wrong pick denies, a confirm without one is refused), `display` (the phone shows the code to compare), `off`.',
    example: 'match',
    protects:
      'A person approving a login they did not start must pick the number on the screen in front of them; a relayed code gets a wrong pick.',
  },
  geoipDatabase: {
    group: 'relay',
    does: "Path to a MaxMind City or Country database (`.mmdb`, GeoLite2 or GeoIP2): the phone is shown the requester's country and city; read once at start, a bad file stops the start.",
    example: '/var/lib/GeoIP/GeoLite2-City.mmdb',
    protects: 'The phone shows where the asking browser is, so a login from another country stands out.',
    unset: 'no location',
  },
} satisfies Record<string, SettingDocs>;
