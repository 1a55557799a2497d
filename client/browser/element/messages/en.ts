/**
 * English: every sentence the `<qr-login>` element shows or announces. `{name}`, `{checkCode}` and `{userCode}` are
 * filled in; the text around `{checkCode}` and `{userCode}` is shown as written, the value itself emphasised.
 */
export const en = {
  lang: 'en',
  dir: 'ltr' as const,
  messages: {
    preparing: 'Preparing your sign-in code…',
    scanPrompt: 'Scan this code with the phone app you are signed in to.',
    qrAlt: 'QR code for signing in. No camera? Type the code {userCode} in the app.',
    userCode: 'No camera? Type {userCode} in the app.',
    sameDevice: 'On your phone already? Open the app',
    someone: 'your phone',
    scannedBy: 'Scanned by {name}.',
    pickCode: 'Pick {checkCode} on your phone',
    confirmOnPhone: 'Confirm on your phone to sign in.',
    confirmed: '{name} confirmed. Signing you in…',
    signedIn: 'Signed in as {name}.',
    declined: 'You declined on your phone. Scan the new code to try again.',
    wrongCheckCode:
      'A different number was picked on your phone, so this sign-in was stopped for safety. Scan the new code to try again.',
    denied: 'This sign-in was stopped on your phone. Scan the new code to try again.',
    expired: 'That code expired. Scan the new one.',
    cancelled: 'This sign-in was cancelled.',
    newCode: 'Show a new code',
    networkError: 'The sign-in service cannot be reached. Check your connection and try again.',
    corsError: "This page is not allowed to use the sign-in service. The site's administrator needs to allow it.",
    timeoutError: 'The sign-in service did not answer in time. Try again.',
    busyError: 'The sign-in service is busy. Try again in a moment.',
    failedError: 'Signing in did not work. Try again.',
    retry: 'Try again',
  },
};
