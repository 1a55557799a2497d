export const DEFAULT_QR_ALT = 'QR code for signing in: scan it with the phone app you are signed in to';

/**
 * Shows the QR as an `<img>` in `container`, replacing the previous one. A rotation of the same login's QR only
 * changes the picture of the image already there, so nothing on the page jumps or loses its place.
 */
export function renderQr(container: HTMLElement, id: string, imageUrl: string, alt: string): HTMLImageElement {
  const shown = container.querySelector<HTMLImageElement>('img.qr-login-code');
  if (shown && shown.dataset.qrId === id) {
    shown.src = imageUrl;
    return shown;
  }
  const image = container.ownerDocument.createElement('img');
  image.src = imageUrl;
  image.alt = alt;
  image.className = 'qr-login-code';
  image.dataset.qrId = id;
  container.replaceChildren(image);
  return image;
}
