/**
 * Just enough PNG reading for the Teams app icons: the size from IHDR, and a decoder for 8-bit RGBA,
 * non-interlaced images (what resvg writes). No dependency beyond node:zlib.
 */
import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

/** Reads IHDR; throws when the buffer is not a PNG. */
export function readPngHeader(png: Buffer): PngHeader {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png.readUInt8(24),
    colorType: png.readUInt8(25),
    interlace: png.readUInt8(28),
  };
}

/** Decodes an 8-bit RGBA non-interlaced PNG to raw RGBA bytes (width × height × 4). */
export function decodeRgba8(png: Buffer): { width: number; height: number; data: Buffer } {
  const header = readPngHeader(png);
  if (header.bitDepth !== 8 || header.colorType !== 6 || header.interlace !== 0) {
    throw new Error(`unsupported PNG (bit depth ${header.bitDepth}, colour type ${header.colorType}, interlace ${header.interlace}); expected 8-bit RGBA non-interlaced`);
  }
  const idat: Buffer[] = [];
  for (let pos = 8; pos + 8 <= png.length; ) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    if (type === 'IDAT') idat.push(png.subarray(pos + 8, pos + 8 + length));
    if (type === 'IEND') break;
    pos += 12 + length;
  }
  const { width, height } = header;
  const stride = width * 4;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data has ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const data = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? data[out + x - 4]! : 0; // left
      const b = y > 0 ? data[out - stride + x]! : 0; // up
      const c = x >= 4 && y > 0 ? data[out - stride + x - 4]! : 0; // up-left
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`PNG row ${y}: unknown filter ${filter}`);
      }
      data[out + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return { width, height, data };
}

/** Pixels of an RGBA image that are neither fully transparent nor pure white (any alpha), as "x,y". */
export function nonWhitePixels(image: { width: number; data: Buffer }): string[] {
  const bad: string[] = [];
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b, alpha] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]!];
    if (alpha !== 0 && (r !== 255 || g !== 255 || b !== 255)) bad.push(`${(i / 4) % image.width},${Math.floor(i / 4 / image.width)}`);
  }
  return bad;
}
