/**
 * What a documentation snippet may use without declaring it (docs/snippets.md): the context the docs runner
 * (test/docs/snippets.test.ts) gives each TypeScript snippet run in Node, as a phone app would have it.
 */

/** The text the phone's camera read from the QR of a browser waiting to sign in (the rotation mark included). */
declare const scannedText: string;
/** The code under that QR, as a user without a camera types it (`XXXX-XXXX`). */
declare const typedCode: string;
/** The app's signed-in user (demo user alice): `accessToken` is the token the service checks. */
declare const session: { accessToken: string };
/** The user's answer on the confirm screen: `true`, confirm. */
declare const userTappedConfirm: boolean;
/** The confirm screen asking which of `choices` the other screen shows: resolves the user's pick (the right one). */
declare function userPicks(choices: readonly string[]): Promise<string>;
