import QRCode from 'qrcode';
import type { ImageFormat } from '../wire';

/** Medium error correction survives a phone camera at an angle while keeping the code small. */
const QR_OPTIONS = { errorCorrectionLevel: 'M' as const, margin: 2 };

/** The QR code as a data URL. SVG is the default: text, scalable, and about 5x cheaper to make than PNG. */
export async function renderQrImage(content: string, format: ImageFormat): Promise<string | undefined> {
  switch (format) {
    case 'none':
      return undefined;
    case 'png':
      return QRCode.toDataURL(content, { ...QR_OPTIONS, type: 'image/png', width: 256 });
    case 'svg': {
      const svg = await QRCode.toString(content, { ...QR_OPTIONS, type: 'svg' });
      return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    }
  }
}

/** Renders once in each format so the first visitor does not pay for loading the encoders (~100 ms for PNG). */
export async function warmUpQrImages(): Promise<void> {
  await Promise.all((['svg', 'png'] as const).map((format) => renderQrImage('warm-up', format)));
}
