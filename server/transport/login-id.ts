import { loginId } from '../wire';

/** A login id is a UUID v4; anything else cannot name a login and is refused before any store read. */
export function isLoginId(value: unknown): value is string {
  return loginId.safeParse(value).success;
}
