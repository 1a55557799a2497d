/**
 * Checks a live deployment from outside, as a browser on the site and a phone would meet it, and prints one line
 * per check with what to fix. Exits 1 when something would stop or endanger a sign-in, else 0 (warnings too).
 *
 *   npm run doctor -- --url https://login.example --origin https://shop.example
 *   options: --timeout SECONDS (each network step; default 5)
 */
import { parseArgs } from 'node:util';
import { appLinkChecks } from './checks/app-links';
import { createCheck, preflightCheck, qrLinkCheck } from './checks/cors';
import { securityHeadersCheck } from './checks/headers';
import { jwksCheck } from './checks/keys';
import { cancel, pollingCheck, websocketAndPushChecks } from './checks/realtime';
import { clockCheck, metricsExposureCheck, readinessCheck } from './checks/service-health';
import { hstsCheck, tlsCheck } from './checks/tls';
import { exitCode, type Finding, fail, ok, table } from './report';
import { reason, request, type Target } from './target';

const USAGE =
  'Usage: npm run doctor -- --url <public URL of the service> --origin <origin of your site> [--timeout SECONDS]';

function targetFromArguments(argv: string[]): Target {
  const { values } = parseArgs({
    args: argv,
    options: { url: { type: 'string' }, origin: { type: 'string' }, timeout: { type: 'string', default: '5' } },
  });
  const url = URL.canParse(values.url ?? '') ? new URL(values.url!) : undefined;
  const origin = URL.canParse(values.origin ?? '') ? new URL(values.origin!).origin : undefined;
  const timeoutSeconds = Number(values.timeout);
  if (!url || !/^https?:$/.test(url.protocol) || !origin || origin === 'null' || !(timeoutSeconds > 0)) {
    throw new Error(USAGE);
  }
  return {
    baseUrl: `${url.origin}${url.pathname}`.replace(/\/+$/, ''),
    url,
    origin,
    timeoutMs: timeoutSeconds * 1000,
  };
}

/** Every check in the order a sign-in meets them; stops after the first when the service cannot be reached. */
async function examine(target: Target): Promise<Finding[]> {
  const sentAt = Date.now();
  let front: Response;
  try {
    front = await request(target, '/');
  } catch (error) {
    return [fail('reach', `${target.baseUrl} does not answer: ${reason(error)}`)];
  }
  const findings = [
    ok('reach', `answered ${front.status} in ${Date.now() - sentAt} ms`),
    await tlsCheck(target),
    hstsCheck(target, front.headers),
    securityHeadersCheck(front.headers),
    clockCheck(front.headers, sentAt, Date.now()),
    await readinessCheck(target),
    await preflightCheck(target),
  ];
  const created = await createCheck(target);
  findings.push(created.finding, qrLinkCheck(target, created.login), await pollingCheck(target, created.login));
  findings.push(...(await websocketAndPushChecks(target, created.login)));
  // A login still waiting (the push check did not end it) is cancelled, so the doctor leaves nothing behind.
  if (created.login) await cancel(target, created.login).catch(() => undefined);
  findings.push(await jwksCheck(target), ...(await appLinkChecks(target)), await metricsExposureCheck(target));
  return findings;
}

async function main(): Promise<void> {
  let target: Target;
  try {
    target = targetFromArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  process.stdout.write(`qr-login doctor: ${target.baseUrl}, for pages on ${target.origin}\n\n`);
  const findings = await examine(target);
  const count = (status: Finding['status']) => findings.filter((finding) => finding.status === status).length;
  process.stdout.write(`${table(findings)}\n\n${count('fail')} failed, ${count('warn')} warnings\n`);
  process.exit(exitCode(findings));
}

void main();
