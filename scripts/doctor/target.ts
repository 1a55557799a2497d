/** The deployment under check, as the doctor was told it. */
export interface Target {
  /** The service's public base URL, without a trailing slash (what browsers and phones reach). */
  baseUrl: string;
  url: URL;
  /** The site's origin whose pages create logins (sent as `Origin`, as a browser would). */
  origin: string;
  /** The longest any one network step may take: a peer that answers nothing must not hang the doctor. */
  timeoutMs: number;
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.test(url.hostname);
}

/** A fetch of a path under the base URL that gives up after the target's timeout. */
export function request(target: Target, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${target.baseUrl}${path}`, {
    redirect: 'manual',
    ...init,
    signal: AbortSignal.timeout(target.timeoutMs),
  });
}

/** Why a request failed, in a few words (the cause of a fetch error names the real problem). */
export function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'no answer in time';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
