import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { encodeQrPng } from '../../../server/service/qr-png';

const OPTIONS = { errorCorrectionLevel: 'M' as const, margin: 2, maskPattern: 2 as const };

/** RGBA pixels of a PNG, decoded by pngjs (the library qrcode's own renderer writes with). */
function pixels(png: Buffer): { width: number; height: number; data: Buffer } {
  return PNG.sync.read(png);
}

describe('the direct QR PNG encoder', () => {
  const contents = ['https://login.example.test/scan/0c1b6bd6-5f33-4c2a-9b6e-1f0f4b8f2c3a', 'x', 'a'.repeat(300)];

  it.each(contents)('decodes back to the same content (%#)', (content) => {
    const qr = QRCode.create(content, OPTIONS);
    const decoded = pixels(encodeQrPng(qr.modules, 2, 256));
    expect(decoded.width).toBe(256);
    expect(jsQR(new Uint8ClampedArray(decoded.data), decoded.width, decoded.height)?.data).toBe(content);
  });

  const cases = [...contents.map((content) => [content, 256] as const), ['x', 100] as const, ['x', 257] as const];
  it.each(cases)("draws exactly the pixels of qrcode's own PNG renderer (case %#)", async (content, width) => {
    const qr = QRCode.create(content, OPTIONS);
    const ours = pixels(encodeQrPng(qr.modules, 2, width));
    const theirs = pixels(await QRCode.toBuffer(content, { ...OPTIONS, type: 'png', width }));
    expect([ours.width, ours.height]).toEqual([theirs.width, theirs.height]);
    expect(ours.data.equals(theirs.data)).toBe(true);
  });
});
