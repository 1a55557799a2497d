import Router from '@koa/router';

/** The phone app that opens `/scan/…` links itself (universal link on iOS, App Link on Android). */
export interface AppLinks {
  /** `TEAMID.bundle.id` of each iOS app. */
  appleAppIds: string[];
  androidPackageName?: string;
  /** SHA-256 fingerprints (`AA:BB:…`) of the Android app's signing certificates. */
  androidCertFingerprints: string[];
}

/** Only the scan links belong to the app; every other path of the service stays in the browser. */
const SCAN_PATHS = '/scan/*';

/**
 * `/.well-known/apple-app-site-association` and `/.well-known/assetlinks.json`, from configuration: with them a
 * phone's camera opens the QR's link in the app instead of the browser. Each is 404 until its app is configured.
 */
export function appLinkRoutes(links: AppLinks): Router {
  const router = new Router();
  if (links.appleAppIds.length > 0) {
    router.get('/.well-known/apple-app-site-association', (ctx) => {
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.type = 'application/json';
      ctx.body = {
        applinks: { details: [{ appIDs: links.appleAppIds, components: [{ '/': SCAN_PATHS }] }] },
      };
    });
  }
  if (links.androidPackageName) {
    router.get('/.well-known/assetlinks.json', (ctx) => {
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.body = [
        {
          relation: ['delegate_permission/common.handle_all_urls'],
          target: {
            namespace: 'android_app',
            package_name: links.androidPackageName,
            sha256_cert_fingerprints: links.androidCertFingerprints,
          },
        },
      ];
    });
  }
  return router;
}
