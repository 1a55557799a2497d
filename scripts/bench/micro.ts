/**
 * Micro-benchmarks of the per-request costs that profiles of the service named, each beside the
 * cheaper way of doing the same thing, measured in one process one after the other.
 * usage: tsx scripts/bench/micro.ts [iterations=2000]
 */
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import QRCode from 'qrcode';
import { encodeQrPng } from '../../server/service/qr-png';
import { type Cell, renderTable } from './lib/table';

const iterations = Number(process.argv[2] ?? 2000);
const secret = 'bench-mobile-secret-not-for-production-0123456789';
const secretKey = createSecretKey(Buffer.from(secret));
const token = jwt.sign({ sub: 'alice' }, secret, { algorithm: 'HS256' });
const content = 'http://127.0.0.1:3000/scan/0b7c6c2e-3f0e-4a8e-9a77-6f1d2a0c9b11';
const segment = [{ data: Buffer.from(content), mode: 'byte' as const }];
const png = { errorCorrectionLevel: 'M' as const, margin: 2, maskPattern: 2 as const };
const svg = { errorCorrectionLevel: 'M' as const, margin: 2, type: 'svg' as const };

async function microsecondsPerCall(call: () => unknown): Promise<number> {
  for (let index = 0; index < Math.min(200, iterations); index += 1) await call();
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index += 1) await call();
  return Number(process.hrtime.bigint() - started) / iterations / 1000;
}

async function main(): Promise<void> {
  const cases: [string, string, () => unknown][] = [
    [
      'jwt.verify HS256',
      'secret as string (as the service did)',
      () => jwt.verify(token, secret, { algorithms: ['HS256'] }),
    ],
    [
      'jwt.verify HS256',
      'secret as a KeyObject made once',
      () => jwt.verify(token, secretKey, { algorithms: ['HS256'] }),
    ],
    [
      'jwt.sign HS256',
      'secret as string',
      () => jwt.sign({ sub: 'alice' }, secret, { algorithm: 'HS256', expiresIn: 600 }),
    ],
    [
      'jwt.sign HS256',
      'secret as a KeyObject made once',
      () => jwt.sign({ sub: 'alice' }, secretKey, { algorithm: 'HS256', expiresIn: 600 }),
    ],
    ['QR svg', 'qrcode defaults (as the service did)', () => QRCode.toString(content, svg)],
    ['QR svg', 'one byte-mode segment', () => QRCode.toString([{ data: Buffer.from(content), mode: 'byte' }], svg)],
    [
      'QR svg',
      'byte-mode segment + fixed mask 0',
      () => QRCode.toString([{ data: Buffer.from(content), mode: 'byte' }], { ...svg, maskPattern: 0 }),
    ],
    [
      'QR png 256 px',
      'qrcode defaults',
      () => QRCode.toDataURL(content, { errorCorrectionLevel: 'M', margin: 2, type: 'image/png', width: 256 }),
    ],
    [
      'QR png 256 px',
      'byte-mode segment + fixed mask 2, qrcode renderer (as the service did)',
      () => QRCode.toDataURL(segment, { ...png, type: 'image/png', width: 256 }),
    ],
    [
      'QR png 256 px',
      'byte-mode segment + fixed mask 2, 1-bit encoder (qr-png.ts)',
      () => `data:image/png;base64,${encodeQrPng(QRCode.create(segment, png).modules, 2, 256).toString('base64')}`,
    ],
  ];
  const rows: Cell[][] = [];
  for (const [operation, variant, call] of cases) rows.push([operation, variant, await microsecondsPerCall(call)]);
  console.log(
    renderTable({
      title: `Per-call cost, ${iterations} calls each`,
      columns: ['operation', 'variant', 'µs/call'],
      rows,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
