import type { CreatedLogin } from '../../../client/shared/wire-types';
import { type Finding, fail, note, ok, skipped, warn } from '../report';
import { reason, request, type Target } from '../target';

const allowOrigin = (response: Response) => response.headers.get('access-control-allow-origin');
const sameOrigin = (target: Target) => target.url.origin === target.origin;
const addOrigin = (target: Target) => `add ${target.origin} to CORS_ORIGINS (comma-separated origins)`;

/** A page on the site sends a JSON create, which browsers preflight: the answer must allow the site's origin. */
export async function preflightCheck(target: Target): Promise<Finding> {
  const check = 'CORS preflight';
  if (sameOrigin(target)) return skipped(check, 'the site and the service share one origin: browsers send none');
  try {
    const response = await request(target, '/api/qr', {
      method: 'OPTIONS',
      headers: {
        Origin: target.origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    if (allowOrigin(response) !== target.origin) {
      return fail(check, `${target.origin} is not allowed (status ${response.status}): ${addOrigin(target)}`);
    }
    return ok(check, `${target.origin} may create logins`);
  } catch (error) {
    return fail(check, `no answer to the preflight: ${reason(error)}`);
  }
}

/** What a create from the site's origin gave: the login, when there is one, for the checks that follow. */
export interface CreateOutcome {
  finding: Finding;
  login?: CreatedLogin;
}

/** A create as the site's page makes it; a refused origin is named with the setting that allows it. */
export async function createCheck(target: Target): Promise<CreateOutcome> {
  const check = 'create from origin';
  try {
    const response = await request(target, '/api/qr?image=none', {
      method: 'POST',
      headers: { Origin: target.origin, 'Content-Type': 'application/json' },
      body: '{}',
    });
    if (response.status === 403) return { finding: fail(check, `refused for ${target.origin}: ${addOrigin(target)}`) };
    if (response.status === 429) {
      return { finding: fail(check, 'rate limited: wait a minute, or raise RATE_LIMIT_CREATE_PER_MINUTE') };
    }
    if (response.status !== 201) {
      return { finding: fail(check, `answered ${response.status} ${await codeOf(response)}`) };
    }
    const login = (await response.json()) as CreatedLogin;
    if (!sameOrigin(target) && allowOrigin(response) !== target.origin) {
      return { login, finding: fail(check, `created, but the page may not read the answer: ${addOrigin(target)}`) };
    }
    return { login, finding: ok(check, `login created (${response.status})`) };
  } catch (error) {
    return { finding: fail(check, `no answer: ${reason(error)}`) };
  }
}

async function codeOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { code?: string };
    return body.code ?? '';
  } catch {
    return '';
  }
}

/** The QR's link is what phones open: it should lead to this deployment, set by PUBLIC_URL. */
export function qrLinkCheck(target: Target, login: CreatedLogin | undefined): Finding {
  const check = 'QR link';
  if (!login) return skipped(check, 'no login was created');
  if (!/^https?:\/\//.test(login.content)) return note(check, `the QR opens the app directly: ${login.content}`);
  const linked = new URL(login.content);
  if (linked.origin !== target.url.origin) {
    return warn(check, `the QR points at ${linked.origin}, not ${target.url.origin}: set PUBLIC_URL=${target.baseUrl}`);
  }
  return ok(check, `the QR points at ${linked.origin}`);
}
