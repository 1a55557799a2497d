import { crc32, deflateSync } from 'node:zlib';

/** The modules of a QR symbol, row by row: truthy is dark (qrcode's BitMatrix). */
export interface QrModules {
  size: number;
  data: ArrayLike<number | boolean>;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A QR symbol as a 1-bit greyscale PNG `width` pixels square, with `margin` light modules around it. Pixels map to
 * modules as qrcode's own PNG renderer maps them, so the image is the same (black on white); but a 1-bit image of
 * 256 x 256 is 8 KiB to filter and deflate instead of 256 KiB of RGBA, a few percent of the renderer's CPU.
 */
export function encodeQrPng(modules: QrModules, margin: number, width: number): Buffer {
  const { size, data } = modules;
  const scale = width / (size + margin * 2);
  const side = Math.floor((size + margin * 2) * scale);
  const scaledMargin = margin * scale;
  const rowBytes = 1 + Math.ceil(side / 8);
  // The module each pixel column shows (-1 in the margin), computed once; filter type 0 (None) before each row,
  // and a set bit is white, so light is the default.
  const columnModule = Int32Array.from({ length: side }, (_, x) =>
    x < scaledMargin || x >= side - scaledMargin ? -1 : Math.floor((x - scaledMargin) / scale),
  );
  const raw = Buffer.alloc(rowBytes * side, 0xff);
  let drawnModuleRow = -1;
  for (let y = 0; y < side; y++) {
    const row = y * rowBytes;
    raw[row] = 0;
    if (y < scaledMargin || y >= side - scaledMargin) continue;
    const moduleRow = Math.floor((y - scaledMargin) / scale);
    // Pixel rows of one module row are alike: copy the first one drawn.
    if (moduleRow === drawnModuleRow) {
      raw.copy(raw, row + 1, row - rowBytes + 1, row);
      continue;
    }
    drawnModuleRow = moduleRow;
    for (let x = 0; x < side; x++) {
      const column = columnModule[x]!;
      if (column >= 0 && data[moduleRow * size + column]) raw[row + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
    }
  }
  // Trailing bits past the image's width stay set; decoders ignore them.
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale; compression, filter and interlace methods stay 0
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
