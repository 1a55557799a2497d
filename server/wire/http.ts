/**
 * The HTTP bodies of the public contract (shared/contract.md) as schemas: the server validates with them, the
 * OpenAPI document is generated from them, and the server, the SDKs and the tests take their types from them.
 */
import { z } from 'zod';
import { DENIAL_REASONS, LOGIN_STATES } from '../domain/states';
import { checkCode, type imageFormat, isoTime, loginId, rotationMark } from './formats';

export const loginState = z.enum(LOGIN_STATES).meta({ id: 'LoginState' });
export const denialReason = z.enum(DENIAL_REASONS).meta({
  id: 'DenialReason',
  description:
    'Why a login is denied: `declined` on the phone, or `wrong_check_code` (another number than the one shown was picked).',
});

/** Every error code the service answers with, one each (contract: error table). */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'qr_replaced',
  'check_code_required',
  'check_code_mismatch',
  'payload_too_large',
  'rate_limited',
  'slow_down',
  'unavailable',
  'internal',
] as const;
export const errorCode = z.enum(ERROR_CODES).meta({ id: 'ErrorCode' });
export type ErrorCode = z.infer<typeof errorCode>;
export type ImageFormat = z.infer<typeof imageFormat>;

export const createdLogin = z
  .object({
    id: loginId,
    secret: z.string().meta({ description: 'Kept by the browser; never in the QR.' }),
    content: z.string().meta({
      description:
        'The text in the QR code: `<PUBLIC_URL>/scan/<id>`, then `/<rotation mark>` while QR_ROTATE_SECONDS is set.',
    }),
    userCode: z.string().meta({ description: 'To type into the app instead of scanning (RFC 8628), `XXXX-XXXX`.' }),
    rotatesAt: isoTime.optional().meta({ description: 'With QR_ROTATE_SECONDS: when `content` is replaced.' }),
    image: z
      .string()
      .optional()
      .meta({ description: 'A data URL of the QR code (SVG by default), absent with `?image=none`.' }),
    expiresAt: isoTime,
    pollIntervalMs: z.int().positive(),
  })
  .meta({ id: 'CreatedLogin' });
export type CreatedLogin = z.infer<typeof createdLogin>;

/** The status a browser reads (`GET /api/qr/:id`) and is pushed (`state`); `version` grows with each change. */
export const statusBody = z
  .object({
    id: loginId,
    state: loginState,
    version: z.int().positive(),
    expiresAt: isoTime,
    user: z
      .object({ name: z.string().optional(), picture: z.string().optional() })
      .optional()
      .meta({ description: 'Who scanned, once someone has.' }),
    checkCode: checkCode.optional().meta({
      description: "While scanned: the number the phone's user must see and pick; only the secret's holder reads it.",
    }),
    reason: denialReason.optional().meta({
      description: 'While denied: why. Absent when the service does not know (a login an older version denied).',
    }),
    content: z.string().optional().meta({ description: 'While pending: the text the QR shows now.' }),
    rotation: z.int().nonnegative().optional().meta({ description: 'While pending with QR_ROTATE_SECONDS: the step.' }),
    rotatesAt: isoTime.optional(),
    image: z.string().optional().meta({ description: 'While pending, when asked for (`?image=`): a QR data URL.' }),
  })
  .meta({ id: 'StatusBody' });
export type StatusBody = z.infer<typeof statusBody>;

export const tokenBody = z
  .object({
    token: z.string().meta({ description: 'The session JWT.' }),
    tokenType: z.literal('Bearer'),
    expiresIn: z.int().nonnegative(),
    user: z.object({ id: z.string(), name: z.string().optional(), picture: z.string().optional() }),
  })
  .meta({ id: 'TokenBody' });
export type TokenBody = z.infer<typeof tokenBody>;

const checkCodePrompt = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('display'), code: checkCode }),
    z.object({ mode: z.literal('match'), choices: z.array(checkCode).length(3) }),
  ])
  .meta({
    id: 'CheckCodePrompt',
    description:
      "CHECK_CODE=display: the number the browser shows, to compare. CHECK_CODE=match: three numbers, one the browser's, to pick from.",
  });

export const scanBody = z
  .object({
    id: loginId,
    state: z.literal('scanned'),
    expiresAt: isoTime.meta({ description: 'After a scan the login ends sooner: the confirm window.' }),
    site: z
      .object({
        origin: z
          .string()
          .meta({ description: 'The page that created the login, an allowed origin checked at create.' }),
        name: z.string().optional().meta({ description: 'SITE_NAME, when configured.' }),
      })
      .meta({ description: 'The site asking.' }),
    requester: z.object({
      ip: z.string().meta({ description: 'Observed by the service (behind TRUSTED_PROXIES, the forwarded address).' }),
      userAgent: z
        .string()
        .meta({ description: 'Claimed by the requester, who writes it freely: show it as a claim.' }),
      createdAt: isoTime,
      ageSeconds: z.number().nonnegative().meta({ description: 'Seconds since the QR was made.' }),
      browser: z.string().optional().meta({ description: 'The user agent in words, e.g. "Chrome 156".' }),
      os: z.string().optional(),
      location: z
        .object({ countryCode: z.string(), country: z.string(), city: z.string().optional() })
        .optional()
        .meta({ description: 'With GEOIP_DATABASE: the country and maybe city of `ip`; absent when unknown.' }),
    }),
    sameNetwork: z.boolean().meta({ description: 'Whether the phone and the browser share a network.' }),
    checkCode: checkCodePrompt.optional(),
  })
  .meta({ id: 'ScanBody' });
export type ScanBody = z.infer<typeof scanBody>;

/** `POST /api/qr/:id/scan` body: the rotation mark of the QR content the phone read. */
export const scanRequest = z.object({ rotation: rotationMark.optional() }).meta({ id: 'ScanRequest' });

/** `POST /api/qr/:id/confirm` body: the number the user picked (required with CHECK_CODE=match). */
export const confirmRequest = z
  .object({ checkCode: z.union([checkCode, z.int().min(10).max(99)]).optional() })
  .meta({ id: 'ConfirmRequest' });
export type ConfirmRequest = z.input<typeof confirmRequest>;

export const decisionBody = z
  .object({ id: loginId, state: z.enum(['confirmed', 'denied']) })
  .meta({ id: 'DecisionBody' });
export type DecisionBody = z.infer<typeof decisionBody>;

export const errorBody = z
  .object({
    error: z.object({
      code: errorCode,
      message: z.string(),
      state: loginState.optional().meta({ description: 'With `conflict` and `check_code_mismatch`: the state now.' }),
      pollIntervalMs: z
        .int()
        .positive()
        .optional()
        .meta({ description: 'With `slow_down`: the interval to keep from now on (RFC 8628 §3.5).' }),
    }),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof errorBody>;
