// The same packages from CommonJS (`require`): the `exports` map must give it types too.
import browser = require('@qr-login/browser');
import mobile = require('@qr-login/mobile');

export function codeOf(error: unknown): string | undefined {
  if (error instanceof browser.QrLoginApiError) return `${error.status} ${error.code}`;
  if (error instanceof mobile.QrLoginNetworkError) return error.code satisfies 'network' | 'timeout';
  return undefined;
}

export const id: string = mobile.parseQrContent(
  'https://login.example.com/scan/3b241101-e2bb-4255-8caf-4136c566a962',
  'https://login.example.com',
);
