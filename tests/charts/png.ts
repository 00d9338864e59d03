/**
 * A small strict PNG reader for tests: checks the signature, every chunk's CRC, reads IHDR and
 * inflates the image data, so "the PNG decodes" means more than "starts with the right bytes".
 */
import { crc32, inflateSync } from 'node:zlib';

/** The eight bytes every PNG starts with. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What {@link decodePng} found. */
export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  chunks: string[];
  /** The inflated, still filtered scanlines. */
  raw: Buffer;
}

/** Decodes a PNG's structure; throws with what is wrong. */
export function decodePng(bytes: Uint8Array): DecodedPng {
  const buf = Buffer.from(bytes);
  PNG_SIGNATURE.forEach((b, i) => {
    if (buf[i] !== b) throw new Error(`byte ${i} of the signature is ${buf[i]}, expected ${b}`);
  });
  let off = 8;
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    const crc = buf.readUInt32BE(off + 8 + len);
    if (crc32(buf.subarray(off + 4, off + 8 + len)) !== crc) throw new Error(`bad CRC in chunk ${type}`);
    chunks.push(type);
    if (type === 'IHDR') ihdr = Buffer.from(data);
    if (type === 'IDAT') idat.push(Buffer.from(data));
    off += 12 + len;
    if (type === 'IEND') break;
  }
  if (!ihdr || chunks[0] !== 'IHDR') throw new Error('IHDR is not the first chunk');
  if (chunks[chunks.length - 1] !== 'IEND') throw new Error('no IEND chunk');
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr[8]!,
    colourType: ihdr[9]!,
    chunks,
    raw: inflateSync(Buffer.concat(idat)),
  };
}

/** Bytes per pixel for 8-bit PNG colour types. */
export function bytesPerPixel(colourType: number): number {
  return { 0: 1, 2: 3, 4: 2, 6: 4 }[colourType] ?? 0;
}

/** A rectangle in pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Pixels in `r` noticeably darker than white (RGBA pixels). */
export function ink(pixels: Uint8Array, width: number, r: Rect): number {
  let count = 0;
  for (let y = r.y; y < r.y + r.h; y++) {
    for (let x = r.x; x < r.x + r.w; x++) {
      const i = (y * width + x) * 4;
      if (pixels[i]! + pixels[i + 1]! + pixels[i + 2]! < 3 * 200) count++;
    }
  }
  return count;
}

/** Pixels that differ clearly between two same-sized rectangles (RGBA pixels). */
export function differing(pixels: Uint8Array, width: number, a: Rect, b: Rect, other = pixels): number {
  let count = 0;
  for (let dy = 0; dy < a.h; dy++) {
    for (let dx = 0; dx < a.w; dx++) {
      const i = ((a.y + dy) * width + a.x + dx) * 4;
      const j = ((b.y + dy) * width + b.x + dx) * 4;
      for (let c = 0; c < 3; c++) {
        if (Math.abs(pixels[i + c]! - other[j + c]!) > 64) {
          count++;
          break;
        }
      }
    }
  }
  return count;
}
