export const DEFAULT_QR_ALT = 'QR code for signing in: scan it with the phone app you are signed in to';

/** Shows the QR as an `<img>` in `container`, replacing the previous one. */
export function renderQr(container: HTMLElement, id: string, imageUrl: string, alt: string): HTMLImageElement {
  const image = container.ownerDocument.createElement('img');
  image.src = imageUrl;
  image.alt = alt;
  image.className = 'qr-login-code';
  image.dataset.qrId = id;
  container.replaceChildren(image);
  return image;
}
