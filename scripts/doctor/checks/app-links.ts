import { type Finding, fail, note, ok } from '../report';
import { reason, request, type Target } from '../target';

interface AppLinkFile {
  check: string;
  path: string;
  setting: string;
  /** What makes the parsed file usable by the phone's system, or why not. */
  problem(body: unknown): string | undefined;
}

const APPLE: AppLinkFile = {
  check: 'iOS app link file',
  path: '/.well-known/apple-app-site-association',
  setting: 'APPLE_APP_IDS',
  problem: (body) => {
    const details = (body as { applinks?: { details?: Array<{ appIDs?: string[] }> } }).applinks?.details;
    return details?.some((detail) => (detail.appIDs?.length ?? 0) > 0) ? undefined : 'names no app';
  },
};

const ANDROID: AppLinkFile = {
  check: 'Android app link file',
  path: '/.well-known/assetlinks.json',
  setting: 'ANDROID_PACKAGE_NAME and ANDROID_CERT_FINGERPRINTS',
  problem: (body) => {
    const statements = Array.isArray(body) ? (body as Array<{ target?: Record<string, unknown> }>) : [];
    return statements.some((statement) => statement.target?.package_name && statement.target.sha256_cert_fingerprints)
      ? undefined
      : 'names no app with its certificate fingerprints';
  },
};

/**
 * The files that let a phone's camera open the QR's link in the app. Apple and Google fetch them without
 * following redirects and read them only as JSON; absent means the link opens in the browser, which works.
 */
async function appLinkCheck(target: Target, file: AppLinkFile): Promise<Finding> {
  try {
    const response = await request(target, file.path);
    if (response.status === 404)
      return note(file.check, `not configured (${file.setting}): QR links open in the browser`);
    if (response.status >= 300 && response.status < 400) {
      return fail(file.check, `${file.path} redirects: phones do not follow it; serve it from the service itself`);
    }
    if (response.status !== 200) return fail(file.check, `${file.path} answered ${response.status}`);
    if (!response.headers.get('content-type')?.includes('application/json')) {
      return fail(file.check, `${file.path} is not served as application/json`);
    }
    const problem = file.problem(await response.json());
    return problem ? fail(file.check, `${file.path} ${problem}: set ${file.setting}`) : ok(file.check, 'served');
  } catch (error) {
    return fail(file.check, `${file.path}: ${reason(error)}`);
  }
}

export const appLinkChecks = (target: Target): Promise<Finding[]> =>
  Promise.all([appLinkCheck(target, APPLE), appLinkCheck(target, ANDROID)]);
