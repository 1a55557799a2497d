import Router from '@koa/router';
import { RequestError } from '../http/request-error';
import { type DemoUsersBody, type MobileTokenBody, mobileTokenRequest } from '../wire';
import { DEMO_USERS, findDemoUser } from './users';

/** Claims of a demo user's mobile token: what a real app's login would put in its own JWT. */
export interface DemoUserClaims {
  sub: string;
  name: string;
  picture: string;
}

export interface DemoRouterDeps {
  /** Signs a demo user's mobile token under the run's demo key (server/demo/demo-tokens.ts). */
  signMobileToken: (claims: DemoUserClaims) => string;
}

/**
 * Demo-only routes that stand in for a real app's own sign-in, so the phone page and the CLI
 * simulator can get a mobile token. Mounted only when DEMO_USERS is on: anyone may call them.
 */
export function createDemoRouter(deps: DemoRouterDeps): Router {
  const router = new Router();

  router.get('/demo/users', (ctx) => {
    const body: DemoUsersBody = { users: DEMO_USERS };
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  });

  // The app's JSON body parser (server/http/app.ts) has read the body, with its size limit.
  router.post('/demo/mobile-token', (ctx) => {
    const request = mobileTokenRequest.safeParse(ctx.request.body);
    if (!request.success) throw new RequestError('bad_request', 'Send {"userId": "<demo user id>"} as JSON.');
    const user = findDemoUser(request.data.userId);
    if (!user)
      throw new RequestError(
        'bad_request',
        `No demo user "${request.data.userId}"; try ${DEMO_USERS.map((u) => u.id).join(', ')}.`,
      );

    const body: MobileTokenBody = {
      token: deps.signMobileToken({ sub: user.id, name: user.name, picture: user.picture }),
    };
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  });

  return router;
}
