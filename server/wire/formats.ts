/** The formats of the values a request names (ids, secrets, marks, codes): each checked by its schema alone. */
import { z } from 'zod';
import { ROTATION_PATTERN } from '../domain/rotation';

export const loginId = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/)
  .meta({
    id: 'LoginId',
    description: 'A UUID v4 made by the server.',
    example: '7ed02626-1b80-4231-b6a8-519351cdffea',
  });

/** 256 random bits, URL-safe: the browser's proof of ownership. */
export const browserSecret = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/)
  .meta({ id: 'BrowserSecret', description: '43 base64url characters (256 random bits), from the create answer.' });

/** The two digits the phone's user picked (10 to 99). */
export const checkCode = z
  .string()
  .regex(/^[1-9]\d$/)
  .meta({ id: 'CheckCode', description: 'Two digits, 10 to 99.', example: '42' });

/** The mark after `/scan/<id>/` in a rotating QR's content: `<step>.<tag>`. */
export const rotationMark = z
  .string()
  .regex(ROTATION_PATTERN)
  .meta({ id: 'RotationMark', description: 'The rotation mark of the QR content: `<step>.<tag>`.' });

/** What a person types instead of scanning: 8 letters, in any case, with or without the dash or spaces. */
export const userCodeParam = z
  .string()
  .max(32)
  .meta({ description: 'The code shown under the QR (`XXXX-XXXX`), in any case, dashes and spaces ignored.' });

export const imageFormat = z.enum(['svg', 'png', 'none']).meta({ id: 'ImageFormat' });

export const isoTime = z.iso.datetime().meta({ example: '2026-11-24T23:36:50.787Z' });
