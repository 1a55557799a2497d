export const DEFAULT_QR_ALT = 'QR code for signing in: scan it with the phone app you are signed in to';

/** The QR's side in CSS pixels: easy for a phone camera at arm's length, small beside a page's text. */
export const QR_SIZE_PX = 240;

/**
 * Shows the QR as an `<img>` in `container`, replacing the previous one. A rotation of the same login's QR only
 * changes the picture of the image already there, so nothing on the page jumps or loses its place.
 * The image is 240 px square and shrinks to a narrower container; a site's CSS on `img.qr-login-code` can
 * resize it (the SVG stays sharp at any size and pixel ratio).
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
  // Attributes give the size before the picture loads (no layout shift); CSSOM styles (allowed by a strict
  // Content-Security-Policy, unlike a style attribute) keep it inside the container, square.
  image.width = QR_SIZE_PX;
  image.height = QR_SIZE_PX;
  image.style.maxWidth = '100%';
  image.style.height = 'auto';
  image.style.imageRendering = 'pixelated';
  container.replaceChildren(image);
  return image;
}
