/**
 * Runs before a Node snippet (docs/snippets.md): sets the globals of globals.d.ts from the context the runner
 * passes in QR_LOGIN_SNIPPET_CONTEXT. The pick is the number the waiting browser is shown, read with its secret.
 */
interface SnippetContext {
  scannedText: string;
  typedCode: string;
  accessToken: string;
  /** `GET /api/qr/:id` of the waiting browser's login, and its secret. */
  statusUrl: string;
  secret: string;
}

const context = JSON.parse(process.env.QR_LOGIN_SNIPPET_CONTEXT ?? '') as SnippetContext;

Object.assign(globalThis, {
  scannedText: context.scannedText,
  typedCode: context.typedCode,
  session: { accessToken: context.accessToken },
  userTappedConfirm: true,
  userPicks: async (choices: readonly string[]): Promise<string> => {
    const response = await fetch(context.statusUrl, { headers: { 'x-qr-secret': context.secret } });
    const { checkCode } = (await response.json()) as { checkCode?: string };
    if (checkCode === undefined || !choices.includes(checkCode)) {
      throw new Error(`the other screen shows ${checkCode ?? 'no number'}, not one of ${choices.join(', ')}`);
    }
    return checkCode;
  },
});
