/**
 * Model-based adversarial test (threat model T1, T2, T3, T5, T6, T7, T8, T9): random sequences of browser and phone
 * calls, including wrong secrets, wrong users, forged tokens, unknown or expired ids, wrong check-code picks, user
 * codes typed instead of scanning, and scans of rotated-away QR content, against real servers on real Redis. After
 * every step the answer is compared with a model of what the contract allows.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import jwt from 'jsonwebtoken';
import { rotationMark } from '../../server/domain/rotation';
import { hashBrowserSecret } from '../../server/service/browser-secret';
import type { StatusBody } from '../../server/wire';
import { expectRefusal, expectStatus, fail } from '../support/contract-checks';
import { forgedMobileTokens } from '../support/forged-tokens';
import type { Exchange } from '../support/http-request';
import { QrApi } from '../support/qr-api';
import { type Subscription, subscribe } from '../support/qr-socket';
import {
  TEST_MOBILE_JWT_SECRET as MOBILE_SECRET,
  TEST_SESSION_JWT_SECRET as SESSION_SECRET,
  startTestServer,
  type TestServer,
} from '../support/server';

/** Phone users of the runs; names travel in the mobile token and must reach only the right browser. */
const USERS = ['alice', 'bob', 'carol'] as const;
const displayName = (user: string): string => `User ${user}`;
const pictureOf = (user: string): string => `https://pictures.example/${user}.png`;

type State = 'pending' | 'scanned' | 'confirmed' | 'consumed' | 'denied' | 'cancelled';

/** Forward order of the states; the ends (denied, cancelled) come after everything they can follow. */
const RANK: Record<string, number> = {
  pending: 0,
  scanned: 1,
  confirmed: 2,
  consumed: 3,
  denied: 3,
  cancelled: 3,
  expired: 4,
};

interface ModelLogin {
  id: string;
  secret: string;
  /** The code under the QR, which a phone without a camera types instead of scanning. */
  userCode: string;
  state: State;
  scanner?: string;
  /** The number the browser shows once scanned (CHECK_CODE=match), as its owner reads it with the secret. */
  checkCode?: string;
  firstScanAnswer?: unknown;
  /** The session token the browser took; a repeated exchange must give exactly this one again. */
  token?: string;
  subscriptions: Subscription[];
}

interface Model {
  logins: ModelLogin[];
  issuedJtis: Set<string>;
}

interface Real {
  api: QrApi;
  /** An instance on the same store whose QR content rotates every ROTATE_SECONDS. */
  rotatingApi: QrApi;
  baseUrl: string;
  tokenOf(user: string): string;
}

type SecretKind = 'right' | 'missing' | 'other login' | 'random' | 'tampered';
type TokenKind = 'valid' | 'forged' | 'missing';
type PhoneAction = 'scan' | 'confirm' | 'deny';
/** What a confirm carries: the number the browser shows, another of the three offered, or none. */
type Pick = 'right' | 'wrong' | 'none';

type Call = PhoneAction | 'cancel' | 'token';

/** What a call by its rightful caller does: move the login to a state, answer the same again, or 409. */
type Answer = State | 'again' | 409;

/**
 * The model: the contract's states (docs/api.md "States": the diagram and "Retries are safe") written out by hand
 * as a table, a row a stored state, a column a call. A state is where the call moves the login; `again` is a safe
 * retry (the same answer, no new version; for the token, the same token within the exchange grace); 409 is a
 * conflict naming the current state. Deliberately not taken from server/domain: an oracle that shares the code's
 * rules cannot catch a wrong one.
 */
// biome-ignore format: a table reads as a table
const CONTRACT: Record<State, Record<Call, Answer>> = {
  pending:   { scan: 'scanned', confirm: 409,         deny: 409,      cancel: 'cancelled', token: 409 },
  scanned:   { scan: 'again',   confirm: 'confirmed', deny: 'denied', cancel: 'cancelled', token: 409 },
  confirmed: { scan: 409,       confirm: 'again',     deny: 409,      cancel: 'cancelled', token: 'consumed' },
  consumed:  { scan: 409,       confirm: 409,         deny: 409,      cancel: 409,         token: 'again' },
  denied:    { scan: 409,       confirm: 409,         deny: 'again',  cancel: 409,         token: 409 },
  cancelled: { scan: 409,       confirm: 409,         deny: 409,      cancel: 'again',     token: 409 },
};

const FORGED = forgedMobileTokens(MOBILE_SECRET, 'alice').map(([, token]) => token);

/** What the runs exercised, so a generator that drifts into trivial sequences fails the test instead of passing it. */
const coverage = { tokensIssued: 0, wrongPicks: 0, codeScans: 0, replacedRefusals: 0, statesReached: new Set<State>() };

const ROTATE_SECONDS = 2;

let server: TestServer;
let shortLived: TestServer;
let rotating: TestServer;
let real: Real;
/** Logins whose TTL ran out before the runs start: every call on them must answer as if they never existed. */
const expiredLogins: Array<{ id: string; secret: string }> = [];

beforeAll(async () => {
  const prefix = `sec-model-${crypto.randomUUID()}:`;
  // A grace longer than any run: a repeated exchange always falls within it.
  const env = { REDIS_KEY_PREFIX: prefix, EXCHANGE_GRACE_SECONDS: '300' };
  // Number matching is on, as in production: every confirm must carry the pick, and a wrong one denies.
  server = await startTestServer({ ...env, CHECK_CODE: 'match' });
  // A second instance on the same store whose logins expire at once gives real expired ids.
  shortLived = await startTestServer({ ...env, QR_TTL_SECONDS: '1' });
  rotating = await startTestServer({ ...env, CHECK_CODE: 'match', QR_ROTATE_SECONDS: String(ROTATE_SECONDS) });
  const api = new QrApi(server.url);
  real = {
    api,
    rotatingApi: new QrApi(rotating.url),
    baseUrl: server.url,
    tokenOf: (user) => server.mobileToken(user, { name: displayName(user), picture: pictureOf(user) }),
  };
  const shortApi = new QrApi(shortLived.url);
  for (let i = 0; i < 3; i++) {
    const login = await shortApi.createLogin();
    const outcome = await subscribe(server.url, { id: login.id, secret: login.secret });
    if (outcome.kind !== 'subscribed') throw new Error(`could not watch a short-lived login: ${outcome.code}`);
    await outcome.subscription.waitFor((push) => push.state === 'expired', 10000);
    outcome.subscription.close();
    expiredLogins.push(login);
  }
}, 60000);

afterAll(async () => {
  await rotating?.close();
  await shortLived?.close();
  await server?.close();
});

/**
 * Pick 0 is the login furthest along that can still move, so sequences reach confirm and token often; other picks
 * count back from the newest login.
 */
function target(model: Model, pick: number): ModelLogin {
  const live = model.logins.filter((login) => RANK[login.state]! < 3);
  if (pick === 0 && live.length > 0)
    return live.reduce((best, login) => (RANK[login.state]! >= RANK[best.state]! ? login : best));
  return model.logins[model.logins.length - 1 - (pick % model.logins.length)]!;
}

/** 'scanner' is whoever scanned the login (alice if nobody has yet): the phone the user really holds. */
const phoneUser = (login: ModelLogin, user: string): string =>
  user === 'scanner' ? (login.scanner ?? USERS[0]) : user;

function secretFor(model: Model, login: ModelLogin, kind: SecretKind): string | undefined {
  switch (kind) {
    case 'right':
      return login.secret;
    case 'missing':
      return undefined;
    case 'other login':
      return model.logins.find((other) => other !== login)?.secret ?? crypto.randomBytes(32).toString('base64url');
    case 'random':
      return crypto.randomBytes(32).toString('base64url');
    case 'tampered':
      return login.secret.slice(0, -1) + (login.secret.endsWith('A') ? 'B' : 'A');
  }
}

function bearerFor(real: Real, user: string, kind: TokenKind, forgedPick: number): string | undefined {
  if (kind === 'missing') return undefined;
  return kind === 'valid' ? real.tokenOf(user) : FORGED[forgedPick % FORGED.length];
}

/** Every open subscription of a login must hear about its current state, and pushes only ever move forward. */
async function checkPushes(login: ModelLogin): Promise<void> {
  coverage.statesReached.add(login.state);
  for (const subscription of login.subscriptions) {
    await subscription.waitFor((push) => push.state === login.state);
    let previous: { rank: number; version: number } | undefined;
    for (const push of subscription.pushes) {
      if ('token' in push || JSON.stringify(push).includes(login.secret)) {
        throw new Error(`push carries a token or the secret: ${JSON.stringify(push)}`);
      }
      const rank = RANK[push.state];
      if (rank === undefined) throw new Error(`push has an unknown state: ${JSON.stringify(push)}`);
      if (previous && (rank < previous.rank || push.version < previous.version)) {
        throw new Error(`pushes went backwards: ${JSON.stringify(subscription.pushes)}`);
      }
      previous = { rank, version: push.version };
    }
  }
}

class CreateCommand implements fc.AsyncCommand<Model, Real> {
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    const created = await real.api.createLogin();
    if (model.logins.some((login) => login.id === created.id)) throw new Error(`id ${created.id} handed out twice`);
    model.logins.push({
      id: created.id,
      secret: created.secret,
      userCode: created.userCode,
      state: 'pending',
      subscriptions: [],
    });
  }
  toString = (): string => 'create';
}

const ENDPOINT = { poll: 'status', cancel: 'cancel', token: 'token' } as const;

/** A browser acting on one of the logins (`pick`) with a secret of some kind. */
abstract class WithSecretCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly secret: SecretKind,
  ) {}
  check = (model: Readonly<Model>): boolean => model.logins.length > 0;
  abstract run(model: Model, real: Real): Promise<void>;
}

/** A browser call over HTTP: anything but the right secret is refused 403, in any state. */
abstract class BrowserCommand extends WithSecretCommand {
  abstract readonly name: 'poll' | 'cancel' | 'token';
  async run(model: Model, real: Real): Promise<void> {
    const login = target(model, this.pick);
    const exchange = await real.api[ENDPOINT[this.name]](login.id, secretFor(model, login, this.secret));
    if (this.secret !== 'right') {
      expectRefusal(exchange, 403);
      return;
    }
    // A poll moves nothing: in every state it answers the state again.
    const answer = this.name === 'poll' ? 'again' : CONTRACT[login.state][this.name];
    if (answer === 409) {
      expectRefusal(exchange, 409);
      return;
    }
    await this.answered(model, login, exchange, answer);
  }
  /** Checks the answer to the right secret where the contract allows the call, and moves the model on. */
  protected abstract answered(
    model: Model,
    login: ModelLogin,
    exchange: Exchange,
    answer: State | 'again',
  ): Promise<void>;
  override toString = (): string => `${this.name}(${this.pick}, ${this.secret})`;
}

class PollCommand extends BrowserCommand {
  readonly name = 'poll';
  protected async answered(_model: Model, login: ModelLogin, exchange: Exchange): Promise<void> {
    const body = expectStatus(exchange, 200) as StatusBody;
    if (body.id !== login.id || body.state !== login.state) fail(`expected state ${login.state}`, exchange);
    if (JSON.stringify(body).includes(login.secret) || 'token' in body)
      fail('status leaks the secret or a token', exchange);
    const bound = ['scanned', 'confirmed', 'consumed'].includes(login.state);
    if (
      bound &&
      (body.user?.name !== displayName(login.scanner!) || body.user?.picture !== pictureOf(login.scanner!))
    ) {
      fail(`expected user ${login.scanner}`, exchange);
    }
    if (login.state === 'pending' && body.user !== undefined) fail('a pending login has no user yet', exchange);
  }
}

class TokenCommand extends BrowserCommand {
  readonly name = 'token';
  protected async answered(
    model: Model,
    login: ModelLogin,
    exchange: Exchange,
    answer: State | 'again',
  ): Promise<void> {
    const body = expectStatus(exchange, 200) as { token: string; tokenType: string; expiresIn: number; user: unknown };
    if (body.tokenType !== 'Bearer' || !(body.expiresIn > 0)) fail('token answer shape', exchange);
    const claims = jwt.verify(body.token, SESSION_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    if (claims.sub !== login.scanner)
      fail(`session token must be for ${login.scanner}, the user who scanned and confirmed`, exchange);
    if (answer === 'again') {
      if (body.token !== login.token) fail('a repeated exchange must give the same token, not a second one', exchange);
      return;
    }
    if (typeof claims.jti !== 'string' || model.issuedJtis.has(claims.jti)) fail('jti missing or reused', exchange);
    if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number') fail('iat/exp missing', exchange);
    model.issuedJtis.add(claims.jti);
    login.token = body.token;
    coverage.tokensIssued += 1;
    login.state = answer;
    await checkPushes(login);
  }
}

class CancelCommand extends BrowserCommand {
  readonly name = 'cancel';
  protected async answered(
    _model: Model,
    login: ModelLogin,
    exchange: Exchange,
    answer: State | 'again',
  ): Promise<void> {
    expectStatus(exchange, 204);
    if (answer !== 'again') login.state = answer;
    await checkPushes(login);
  }
}

class SubscribeCommand extends WithSecretCommand {
  async run(model: Model, real: Real): Promise<void> {
    const login = target(model, this.pick);
    const outcome = await subscribe(real.baseUrl, { id: login.id, secret: secretFor(model, login, this.secret) });
    if (this.secret !== 'right') {
      if (outcome.kind !== 'refused' || outcome.code !== 'forbidden') {
        if (outcome.kind === 'subscribed') outcome.subscription.close();
        throw new Error(
          `socket with a ${this.secret} secret must be refused as forbidden, got ${JSON.stringify(outcome.kind === 'refused' ? outcome : outcome.subscription.pushes)}`,
        );
      }
      return;
    }
    if (outcome.kind !== 'subscribed')
      throw new Error(`socket with the right secret refused: ${outcome.code} ${outcome.message}`);
    const first = outcome.subscription.pushes[0]!;
    if (first.id !== login.id || first.state !== login.state || typeof first.version !== 'number') {
      outcome.subscription.close();
      throw new Error(`first push ${JSON.stringify(first)} does not show state ${login.state}`);
    }
    // A few listeners per login are enough to see pushes; more would only cost sockets.
    if (login.subscriptions.length < 2) login.subscriptions.push(outcome.subscription);
    else outcome.subscription.close();
  }
  override toString = (): string => `subscribe(${this.pick}, ${this.secret})`;
}

class PhoneCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly action: PhoneAction,
    readonly pick: number,
    readonly user: string,
    readonly token: TokenKind,
    readonly forgedPick: number,
    readonly spoof: boolean,
    readonly checkPick: Pick = 'right',
    /** A scan made by typing the login's user code (`POST /api/qr/by-code/:code`): the same move as a scan. */
    readonly byCode = false,
  ) {}
  check = (model: Readonly<Model>): boolean => model.logins.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const login = target(model, this.pick);
    await this.expectMove(model, real, login, (bearer, options) =>
      this.byCode
        ? real.api.send('POST', `/api/qr/by-code/${login.userCode}`, { ...options, token: bearer })
        : real.api[this.action](login.id, bearer, options),
    );
  }

  /** Sends the call with `send` and checks the answer against the contract's table for the caller it made. */
  protected async expectMove(
    _model: Model,
    real: Real,
    login: ModelLogin,
    send: (bearer: string | undefined, options: { json?: object }) => Promise<Exchange>,
  ): Promise<void> {
    const user = phoneUser(login, this.user);
    // A body naming another user must change nothing: identity comes only from the verified token (T5).
    // Refusing such a body outright (400) is a defence too.
    const spoof = this.spoof ? { userId: 'mallory', sub: 'mallory', user: { id: 'mallory', name: 'Mallory' } } : {};
    const checkCode = this.action === 'confirm' ? this.pickFor(login) : undefined;
    // A scan carries the mark of the QR on screen, as the phone read it (the QR rotates on the defaults).
    const mark = this.action === 'scan' && !this.byCode ? await real.api.markShown(login.id) : undefined;
    const json = { ...spoof, ...mark, ...(checkCode === undefined ? {} : { checkCode }) };
    const bearer = bearerFor(real, user, this.token, this.forgedPick);
    // A confirm sends exactly its pick, or none: never the helper's own reading of the screen.
    const exchange = await send(bearer, this.action === 'confirm' || Object.keys(json).length > 0 ? { json } : {});
    if (this.spoof && exchange.status === 400) {
      expectRefusal(exchange, 400);
      return;
    }
    if (this.token !== 'valid') {
      expectRefusal(exchange, 401);
      return;
    }
    if (login.scanner !== undefined && login.scanner !== user) {
      expectRefusal(exchange, 403);
      return;
    }
    const answer = CONTRACT[login.state][this.action];
    if (answer === 409) {
      const code = expectRefusal(exchange, 409);
      if (!exchange.text.includes(login.state)) fail(`a conflict names the current state (${code})`, exchange);
      return;
    }
    if (this.action === 'confirm' && answer !== 'again' && this.checkPick !== 'right') {
      if (this.checkPick === 'none') {
        if (expectRefusal(exchange, 400) !== 'check_code_required') fail('a confirm without a pick', exchange);
        return;
      }
      // A wrong pick ends the login as denied: the same invariants hold for the state it moved to.
      if (expectRefusal(exchange, 403) !== 'check_code_mismatch') fail('a wrong pick is check_code_mismatch', exchange);
      login.state = 'denied';
      coverage.wrongPicks += 1;
      await checkPushes(login);
      return;
    }
    const body = expectStatus(exchange, 200) as { id: string; state: string; requester?: unknown };
    const to = answer === 'again' ? login.state : answer;
    if (body.id !== login.id || body.state !== to) fail(`expected state ${to}`, exchange);
    if (this.action === 'scan') this.checkScanAnswer(login, exchange);
    if (this.byCode) coverage.codeScans += 1;
    if (answer !== 'again') {
      login.state = to;
      if (this.action === 'scan') {
        login.scanner = user;
        login.checkCode = await this.readCheckCode(real, login);
        const offered = (body as { checkCode?: { choices?: string[] } }).checkCode?.choices ?? [];
        if (offered.length !== 3 || !offered.includes(login.checkCode))
          fail('the phone must be offered the code among three', exchange);
      }
      await checkPushes(login);
    }
  }

  /** A right pick is the browser's number; a wrong one another two-digit number. */
  private pickFor(login: ModelLogin): string | undefined {
    if (this.checkPick === 'none') return undefined;
    const right = login.checkCode ?? '10';
    return this.checkPick === 'right' ? right : right === '99' ? '98' : String(Number(right) + 1);
  }

  private async readCheckCode(real: Real, login: ModelLogin): Promise<string> {
    const body = expectStatus(await real.api.status(login.id, login.secret), 200) as { checkCode?: unknown };
    if (typeof body.checkCode !== 'string') throw new Error(`a scanned login shows its browser no check code`);
    return body.checkCode;
  }

  /** The phone is told who asks (T1); a repeated scan by the same user gets the same answer. */
  private checkScanAnswer(login: ModelLogin, exchange: Exchange): void {
    const body = exchange.body as { requester?: { ip?: unknown; userAgent?: unknown; createdAt?: unknown } };
    const requester = body.requester;
    if (
      typeof requester?.ip !== 'string' ||
      typeof requester.userAgent !== 'string' ||
      requester.createdAt === undefined
    ) {
      fail('scan must tell the phone the requester ip, userAgent and createdAt', exchange);
    }
    if (JSON.stringify(body).includes(login.secret)) fail('scan answer leaks the browser secret', exchange);
    // The QR's age is measured at each answer; everything else must be the same answer again.
    const { ageSeconds: _age, ...sameEachTime } = requester as Record<string, unknown>;
    const answer = { ...body, requester: sameEachTime };
    if (login.firstScanAnswer === undefined) login.firstScanAnswer = answer;
    else expect(answer).toEqual(login.firstScanAnswer);
  }
  toString = (): string =>
    `${this.byCode ? 'scan by code' : this.action}(${this.pick}, ${this.user}, ${this.token}${this.spoof ? ', body names mallory' : ''}${this.action === 'confirm' ? `, ${this.checkPick} pick` : ''})`;
}

/**
 * What the phone's camera read from a rotating QR: the content on screen now, the same with its mark cut off or its
 * tag forged, or a well-made mark of a step two periods away (a QR photographed earlier, relayed later).
 */
type Mark = 'on screen' | 'stripped' | 'forged' | 'two periods away';

/**
 * A scan through the instance whose QR rotates (threat model T1, relayed QR). While the login waits, only the mark on
 * screen now is taken; anything else is `410 qr_replaced` and changes nothing. Once the login has moved on, the mark
 * no longer matters and the scan answers as the table says.
 */
class RotatedScanCommand extends PhoneCommand {
  constructor(
    pick: number,
    user: string,
    readonly mark: Mark,
  ) {
    super('scan', pick, user, 'valid', 0, false);
  }
  override async run(model: Model, real: Real): Promise<void> {
    const login = target(model, this.pick);
    const rotation = await this.markOf(real, login);
    if (login.state === 'pending' && this.mark !== 'on screen') {
      const exchange = await real.rotatingApi.scan(login.id, real.tokenOf(phoneUser(login, this.user)), {
        json: rotation === undefined ? {} : { rotation },
      });
      if (expectRefusal(exchange, 410) !== 'qr_replaced') fail('a replaced QR is qr_replaced', exchange);
      coverage.replacedRefusals += 1;
      // Refused means nothing moved: the browser still waits with its QR.
      const after = expectStatus(await real.api.status(login.id, login.secret), 200) as StatusBody;
      if (after.state !== 'pending') fail('a refused scan of a replaced QR moved the login', exchange);
      return;
    }
    await this.expectMove(model, real, login, (bearer) =>
      real.rotatingApi.scan(login.id, bearer, { json: rotation === undefined ? {} : { rotation } }),
    );
  }

  private async markOf(real: Real, login: ModelLogin): Promise<string | undefined> {
    const shown = expectStatus(await real.rotatingApi.status(login.id, login.secret), 200) as StatusBody;
    const current = shown.content?.split('/').at(-1);
    if (this.mark === 'on screen') return current;
    if (this.mark === 'stripped') return undefined;
    const step = (current ?? '0.').split('.')[0]!;
    if (this.mark === 'forged') return `${step}.${'A'.repeat(16)}`;
    const away = Number(step) >= 2 ? Number(step) - 2 : Number(step) + 2;
    return rotationMark({ id: login.id, secretHash: hashBrowserSecret(login.secret) }, away);
  }
  override toString = (): string => `scan rotating QR(${this.pick}, ${this.user}, ${this.mark})`;
}

/** Calls on ids that were never made or whose TTL ran out answer 404 (a socket: not_found), whatever the call. */
class UnknownIdCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly call: 'poll' | 'token' | 'cancel' | 'subscribe' | PhoneAction,
    readonly expired: boolean,
    readonly pick: number,
  ) {}
  check = (): boolean => true;
  async run(_model: Model, real: Real): Promise<void> {
    const known = expiredLogins[this.pick % expiredLogins.length]!;
    const { id, secret } = this.expired ? known : { id: crypto.randomUUID(), secret: known.secret };
    if (this.call === 'subscribe') {
      const outcome = await subscribe(real.baseUrl, { id, secret });
      if (outcome.kind === 'subscribed') outcome.subscription.close();
      if (outcome.kind !== 'refused' || outcome.code !== 'not_found') {
        throw new Error(
          `socket on an unknown id must be refused as not_found: ${JSON.stringify(outcome.kind === 'refused' ? outcome : outcome.subscription.pushes)}`,
        );
      }
      return;
    }
    const exchange = await (this.call === 'poll'
      ? real.api.status(id, secret)
      : this.call === 'token'
        ? real.api.token(id, secret)
        : this.call === 'cancel'
          ? real.api.cancel(id, secret)
          : real.api[this.call](id, real.tokenOf('alice')));
    expectRefusal(exchange, 404);
  }
  toString = (): string => `${this.call}(${this.expired ? 'expired' : 'unknown'} id)`;
}

const pick = fc.oneof(fc.constant(0), fc.nat(6));
const secretKind = fc.constantFrom<SecretKind>(
  'right',
  'right',
  'right',
  'right',
  'right',
  'missing',
  'other login',
  'random',
  'tampered',
);
const tokenKind = fc.constantFrom<TokenKind>('valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'forged', 'missing');
const user = fc.constantFrom('scanner', 'scanner', 'scanner', ...USERS);
const checkPick = fc.constantFrom<Pick>('right', 'right', 'right', 'right', 'wrong', 'none');

const commands = fc.commands(
  [
    fc.constant(new CreateCommand()),
    fc.tuple(pick, secretKind).map(([p, s]) => new PollCommand(p, s)),
    fc.tuple(pick, secretKind).map(([p, s]) => new TokenCommand(p, s)),
    fc.tuple(pick, secretKind).map(([p, s]) => new TokenCommand(p, s)),
    fc.tuple(pick, secretKind).map(([p, s]) => new TokenCommand(p, s)),
    fc.tuple(pick, secretKind).map(([p, s]) => new CancelCommand(p, s)),
    fc.tuple(pick, secretKind).map(([p, s]) => new SubscribeCommand(p, s)),
    ...(['scan', 'scan', 'scan', 'confirm', 'confirm', 'confirm', 'deny'] as const).map((action) =>
      fc
        .tuple(pick, user, tokenKind, fc.nat(100), fc.boolean(), checkPick)
        .map(([p, u, t, f, s, c]) => new PhoneCommand(action, p, u, t, f, s, c)),
    ),
    fc
      .tuple(pick, user, tokenKind, fc.nat(100), fc.boolean())
      .map(([p, u, t, f, s]) => new PhoneCommand('scan', p, u, t, f, s, 'right', true)),
    fc
      .tuple(pick, user, fc.constantFrom<Mark>('on screen', 'on screen', 'stripped', 'forged', 'two periods away'))
      .map(([p, u, m]) => new RotatedScanCommand(p, u, m)),
    fc
      .tuple(
        fc.constantFrom('poll', 'token', 'cancel', 'subscribe', 'scan', 'confirm', 'deny' as const),
        fc.boolean(),
        pick,
      )
      .map(([call, expired, p]) => new UnknownIdCommand(call, expired, p)),
  ],
  { maxCommands: 25, size: 'max' },
);

/**
 * One sequence that reaches every coverage count, run before the random ones: the counts then fail only if a
 * command stops reaching its case (a changed model or contract), never because a random run happened to miss it.
 */
const EVERY_CASE: Array<fc.AsyncCommand<Model, Real>> = [
  new PhoneCommand('scan', 0, 'alice', 'valid', 0, false),
  new PhoneCommand('confirm', 0, 'scanner', 'valid', 0, false, 'wrong'),
  new PhoneCommand('scan', 0, 'bob', 'valid', 0, false, 'right', true),
  new PhoneCommand('confirm', 0, 'scanner', 'valid', 0, false, 'right'),
  new TokenCommand(0, 'right'),
  new CreateCommand(),
  new RotatedScanCommand(0, 'carol', 'stripped'),
  new PhoneCommand('scan', 0, 'carol', 'valid', 0, false),
  new PhoneCommand('confirm', 0, 'scanner', 'valid', 0, false, 'right'),
  new TokenCommand(0, 'right'),
  new CreateCommand(),
  new CancelCommand(0, 'right'),
];

test('random browser and phone sequences never break the state machine or leak a token', async () => {
  await fc.assert(
    fc.asyncProperty(commands, async (cmds) => {
      const model: Model = { logins: [], issuedJtis: new Set() };
      // Two browsers are already waiting when the sequence starts, so every command has something to act on.
      for (let i = 0; i < 2; i++) await new CreateCommand().run(model, real);
      try {
        await fc.asyncModelRun(() => ({ model, real }), cmds);
      } finally {
        for (const login of model.logins) for (const subscription of login.subscriptions) subscription.close();
      }
    }),
    { numRuns: 50, interruptAfterTimeLimit: 45000, markInterruptAsFailure: false, examples: [[EVERY_CASE]] },
  );
  expect([...coverage.statesReached].sort()).toEqual(['cancelled', 'confirmed', 'consumed', 'denied', 'scanned']);
  expect(coverage.tokensIssued).toBeGreaterThanOrEqual(2);
  expect(coverage.wrongPicks).toBeGreaterThanOrEqual(1);
  expect(coverage.codeScans).toBeGreaterThanOrEqual(1);
  expect(coverage.replacedRefusals).toBeGreaterThanOrEqual(1);
}, 90000);

/** The calls that lead from a new login to `state`, found in the contract's table itself. */
function pathTo(state: State): Call[] {
  const paths = new Map<State, Call[]>([['pending', []]]);
  const queue: State[] = ['pending'];
  for (let from = queue.shift(); from !== undefined; from = queue.shift()) {
    for (const [call, answer] of Object.entries(CONTRACT[from]) as Array<[Call, Answer]>) {
      if (answer === 409 || answer === 'again' || paths.has(answer)) continue;
      paths.set(answer, [...paths.get(from)!, call]);
      queue.push(answer);
    }
  }
  return paths.get(state)!;
}

/** The rightful caller making `call`: the browser with its secret, or the phone of whoever scanned. */
function rightful(call: Call): fc.AsyncCommand<Model, Real> {
  if (call === 'token') return new TokenCommand(0, 'right');
  if (call === 'cancel') return new CancelCommand(0, 'right');
  return new PhoneCommand(call, 0, 'scanner', 'valid', 0, false);
}

// Random runs reach some cells rarely (a cancel after the token, say); this walks every one, so no wrong rule hides.
test.each(
  (Object.keys(CONTRACT) as State[]).flatMap((state) =>
    (Object.keys(CONTRACT[state]) as Call[]).map((call) => [state, call, CONTRACT[state][call]] as const),
  ),
)('in %s, %s by the rightful caller answers as the table says (%s)', async (state, call) => {
  const model: Model = { logins: [], issuedJtis: new Set() };
  await new CreateCommand().run(model, real);
  for (const step of [...pathTo(state), call]) await rightful(step).run(model, real);
});
