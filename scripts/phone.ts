/**
 * Phone simulator: acts as a signed-in phone app, for a demo user or with a real app token, scans a QR login
 * and confirms or denies it.
 *
 *   npm run phone -- --user alice "http://127.0.0.1:3000/scan/<id>"
 *   npm run phone -- --token <the app's mobile token> "https://login.example/scan/<id>"
 *   npm run phone -- --user alice --base-url http://127.0.0.1:3000 --code BCDF-GHJK   (the code under the QR)
 *   options: --yes (confirm without asking), --deny (deny without asking),
 *            --pick NN (the number the browser shows, when the service asks the phone to pick one),
 *            --base-url URL (default: derived from the QR content)
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { fetchMobileToken } from '../client/demo/demo-api';
import { baseUrlOfQrContent, QrLoginApiError, QrLoginMobile, type SignInRequest } from '../client/mobile/index';

const USAGE =
  'Usage: npm run phone -- (--user <alice|bob|carol> | --token <mobile token>) [--yes | --deny] [--pick NN] [--base-url URL] ("<qr content>" | --code XXXX-XXXX --base-url URL)';

interface PhoneArgs {
  user: string;
  /** A real app token (JWT or opaque); unset: a demo user's token from the service's demo endpoint. */
  token?: string;
  /** What the camera read, or the user code typed instead (RFC 8628 style, for a phone without a camera). */
  input: string;
  baseUrl: string;
  decision?: 'confirm' | 'deny';
  pick?: string;
}

function readArgs(argv: string[]): PhoneArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      user: { type: 'string', short: 'u' },
      token: { type: 'string', short: 't' },
      yes: { type: 'boolean', short: 'y', default: false },
      deny: { type: 'boolean', default: false },
      pick: { type: 'string' },
      code: { type: 'string' },
      'base-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const content = positionals[0];
  if (values.help || positionals.length > 1 || (content === undefined) === (values.code === undefined)) {
    throw new UsageError(USAGE);
  }
  if (values.code !== undefined && !values['base-url'])
    throw new UsageError('--code needs --base-url: a typed code does not say which service.');
  if (values.yes && values.deny) throw new UsageError('Choose one of --yes and --deny.');
  if (values.user && values.token) throw new UsageError('Choose one of --user and --token.');
  return {
    user: values.token ? subjectOf(values.token) : (values.user ?? 'alice'),
    token: values.token,
    input: content ?? values.code!,
    baseUrl: values['base-url'] ?? baseUrlOfQrContent(content!),
    decision: values.yes ? 'confirm' : values.deny ? 'deny' : undefined,
    pick: values.pick,
  };
}

class UsageError extends Error {}

/** Who a JWT names, for the confirm screen only (the service verifies it); an opaque token is just "you". */
function subjectOf(token: string): string {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload.sub === 'string' ? payload.sub : 'you';
  } catch {
    return 'you';
  }
}

function printConfirmScreen(userId: string, { requester, codeToCompare }: SignInRequest): void {
  const print = (rows: [string, string][]) => {
    for (const [label, value] of rows) console.log(`    ${label.padEnd(12)} ${value}`);
  };
  console.log(`\n  Sign in on another screen as ${userId}?\n`);
  console.log('  What the service saw:');
  print([
    ['Site', requester.site],
    ['IP address', requester.ip],
    ...(requester.location ? [['Location', requester.location] as [string, string]] : []),
    ['Code shown', requester.age],
  ]);
  // The requester writes its user agent itself: shown as a claim, never as a fact (threat model T19).
  console.log('  What the browser claims (not checked):');
  print([
    ['Browser', requester.browser],
    ['User agent', JSON.stringify(requester.userAgent)],
  ]);
  if (codeToCompare) console.log(`\n  The other screen should show ${codeToCompare}.`);
  if (!requester.sameNetwork) console.log('\n  Warning: this browser is on a different network than this phone.');
  console.log('\n  Only confirm if you are signing in on a screen in front of you right now.\n');
}

async function ask(question: string): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question(question)).trim();
  } finally {
    prompt.close();
  }
}

async function askForDecision(): Promise<'confirm' | 'deny'> {
  return /^y(es)?$/i.test(await ask('  Confirm this sign-in? [y/N] ')) ? 'confirm' : 'deny';
}

/** Number matching: the user types the number of the three that the other screen shows. */
function askForPick(choices: string[]): Promise<string> {
  return ask(`  Which number does the other screen show? ${choices.join(' / ')}: `);
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const token = args.token ?? (await fetchMobileToken(args.baseUrl, args.user));
  const mobile = new QrLoginMobile({ baseUrl: args.baseUrl, getToken: () => token });
  // The one phone path of the SDK: the QR's text (rotation mark and all) or the typed code, then the decision.
  const request = await mobile.claim(args.input);
  const { id, choices } = request;
  printConfirmScreen(args.user, request);
  const decision = args.decision ?? (await askForDecision());
  if (decision === 'confirm') {
    const picked = choices.length > 0 ? (args.pick ?? (await askForPick(choices))) : undefined;
    await mobile.confirm(id, { checkCode: picked });
    console.log('  Confirmed: the browser is signing in.');
  } else {
    await mobile.deny(id);
    console.log('  Denied: the browser was not signed in.');
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(error.message);
  else if (error instanceof QrLoginApiError) console.error(`Refused (${error.status} ${error.code}): ${error.message}`);
  else console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
