import { connect, type PeerCertificate } from 'node:tls';
import { type Finding, fail, note, ok, warn } from '../report';
import { isLoopback, reason, type Target } from '../target';

const CHECK = 'TLS';
const DAY_MS = 24 * 3600 * 1000;
/** A certificate this close to its end should have been renewed already. */
const RENEW_WITHIN_DAYS = 14;
/** Browsers keep HSTS this long at least before it is worth much (and preload lists ask for a year). */
const HSTS_MIN_MAX_AGE_SECONDS = 180 * 24 * 3600;

function peerCertificate(target: Target): Promise<{ certificate: PeerCertificate; protocol: string | null }> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: target.url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(target.url.port || 443),
      servername: isIp(target.url.hostname) ? undefined : target.url.hostname,
    });
    socket.setTimeout(target.timeoutMs, () => socket.destroy(new Error('no answer in time')));
    socket.once('secureConnect', () => {
      const protocol = socket.getProtocol();
      const certificate = socket.getPeerCertificate();
      const problem = socket.authorized ? undefined : String(socket.authorizationError);
      socket.end();
      if (problem) reject(new Error(`the certificate is not trusted: ${problem}`));
      else resolve({ certificate, protocol });
    });
    socket.once('error', reject);
  });
}

const isIp = (hostname: string) => /^[\d.]+$|^\[/.test(hostname);

/** Browsers and phones reach the service over https with a trusted certificate that is not about to end. */
export async function tlsCheck(target: Target): Promise<Finding> {
  if (target.url.protocol === 'http:') {
    return isLoopback(target.url)
      ? note(CHECK, 'plain http on a loopback address: fine for trying it here; a deployment needs https')
      : fail(CHECK, 'plain http: put TLS in front of the service and set PUBLIC_URL to its https:// URL');
  }
  try {
    const { certificate, protocol } = await peerCertificate(target);
    const daysLeft = Math.floor((Date.parse(certificate.valid_to) - Date.now()) / DAY_MS);
    if (protocol === 'TLSv1' || protocol === 'TLSv1.1') {
      return warn(CHECK, `${protocol} is offered: allow only TLS 1.2 and 1.3 at the proxy`);
    }
    if (daysLeft < RENEW_WITHIN_DAYS) {
      return warn(CHECK, `the certificate ends in ${daysLeft} days: renew it (automate renewal)`);
    }
    return ok(CHECK, `${protocol}, trusted certificate valid for ${daysLeft} more days`);
  } catch (error) {
    return fail(CHECK, `${reason(error)}: serve a certificate browsers and phones trust for ${target.url.hostname}`);
  }
}

/** Strict-Transport-Security keeps browsers from ever trying the login page over plain http. */
export function hstsCheck(target: Target, headers: Headers): Finding {
  const check = 'HSTS';
  if (target.url.protocol === 'http:') return note(check, 'not applicable over plain http');
  const header = headers.get('strict-transport-security');
  if (!header) {
    return warn(check, 'no Strict-Transport-Security: have the proxy send "max-age=31536000; includeSubDomains"');
  }
  const maxAge = Number(/max-age=(\d+)/i.exec(header)?.[1] ?? 0);
  if (maxAge < HSTS_MIN_MAX_AGE_SECONDS) {
    return warn(check, `max-age=${maxAge} is short: use at least ${HSTS_MIN_MAX_AGE_SECONDS} (180 days)`);
  }
  return ok(check, header);
}
