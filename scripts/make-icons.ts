/**
 * Draws the add-in's icons (assets/icon-<size>.png): a blue rounded tile with
 * three columns (the deficit by year) and a white line bending flat (the
 * mitigated EHCP trajectory). Drawn as shapes at every size, 4×4 supersampled,
 * and written with a minimal PNG encoder, so no image tool is needed.
 *
 *   npx tsx scripts/make-icons.ts
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

type RGBA = [number, number, number, number];

const BRAND: RGBA = [15, 108, 189, 255]; // Fluent's brand blue
const LIGHT: RGBA = [160, 205, 240, 255];
const WHITE: RGBA = [255, 255, 255, 255];

/** Coverage of a point (in a 0–1 unit square) by each layer, topmost last. */
function layerAt(x: number, y: number): RGBA | null {
  // Rounded tile
  const r = 0.18;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null;
  let colour = BRAND;
  // Columns: deficit by year
  const bars: [number, number][] = [
    [0.2, 0.55],
    [0.42, 0.4],
    [0.64, 0.5],
  ];
  for (const [left, top] of bars)
    if (x >= left && x <= left + 0.16 && y >= top && y <= 0.82) colour = LIGHT;
  // Trajectory: rising, then levelling off once the interventions are in
  const path: [number, number][] = [
    [0.16, 0.7],
    [0.45, 0.32],
    [0.86, 0.24],
  ];
  for (let k = 0; k + 1 < path.length; k++)
    if (distanceToSegment(x, y, path[k], path[k + 1]) <= 0.055) colour = WHITE;
  return colour;
}

function distanceToSegment(
  x: number,
  y: number,
  [ax, ay]: [number, number],
  [bx, by]: [number, number]
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** RGBA pixels, row by row, with premultiplied supersampling for smooth edges. */
export function drawIcon(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++)
        for (let sx = 0; sx < samples; sx++) {
          const c = layerAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!c) continue;
          const a = c[3] / 255;
          acc[0] += c[0] * a;
          acc[1] += c[1] * a;
          acc[2] += c[2] * a;
          acc[3] += a;
        }
      const n = samples * samples;
      const o = (py * size + px) * 4;
      const alpha = acc[3] / n;
      pixels[o] = alpha > 0 ? Math.round(acc[0] / acc[3]) : 0;
      pixels[o + 1] = alpha > 0 ? Math.round(acc[1] / acc[3]) : 0;
      pixels[o + 2] = alpha > 0 ? Math.round(acc[2] / acc[3]) : 0;
      pixels[o + 3] = Math.round(alpha * 255);
    }
  return pixels;
}

// ---- PNG (RFC 2083): signature, IHDR, one IDAT, IEND ----------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit RGBA, non-interlaced PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  // compression, filter and interlace methods: all 0
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    Buffer.from(rgba.subarray(y * stride, (y + 1) * stride)).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

if (require.main === module) {
  const dir = join(__dirname, "..", "assets");
  for (const size of ICON_SIZES) {
    const file = join(dir, `icon-${size}.png`);
    writeFileSync(file, encodePng(size, size, drawIcon(size)));
    console.log(`wrote ${file}`);
  }
}
