import QRCode from 'qrcode';
import { encodeQrPng } from './qr-png';

export type QrImageFormat = 'svg' | 'png' | 'none';

/**
 * Medium error correction survives a phone camera at an angle while keeping the code small. The mask is
 * fixed: qrcode otherwise renders all eight and scores each, four times the CPU of the whole image
 * (688 µs against 117 µs an SVG, scripts/bench/micro.ts); every decoder reads every mask, and the browser
 * tests decode these codes from the page's pixels.
 */
const QR_OPTIONS = { errorCorrectionLevel: 'M' as const, margin: 2, maskPattern: 2 as const };

/** Pixels on a side of a PNG QR code. */
const PNG_WIDTH = 256;

/** The content as one byte-mode segment: a URL never gains from qrcode's search for the cheapest mode mix. */
const segments = (content: string) => [{ data: Buffer.from(content), mode: 'byte' as const }];

/** The QR code as a data URL. SVG is the default: text, scalable, and the cheapest image to make. */
export async function renderQrImage(content: string, format: QrImageFormat): Promise<string | undefined> {
  switch (format) {
    case 'none':
      return undefined;
    case 'png': {
      // qrcode's PNG renderer filters and deflates 256 KiB of RGBA (7 ms of CPU a login); the symbol's own 1-bit
      // image is the same picture in 8 KiB (scripts/bench/micro.ts).
      const png = encodeQrPng(QRCode.create(segments(content), QR_OPTIONS).modules, QR_OPTIONS.margin, PNG_WIDTH);
      return `data:image/png;base64,${png.toString('base64')}`;
    }
    case 'svg': {
      const svg = await QRCode.toString(segments(content), { ...QR_OPTIONS, type: 'svg' });
      return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    }
  }
}

/** Renders once in each format so the first visitor does not pay for loading and compiling the encoders. */
export async function warmUpQrImages(): Promise<void> {
  await Promise.all((['svg', 'png'] as const).map((format) => renderQrImage('warm-up', format)));
}
