// Draws the app's icon (a white tick on the accent blue, rounded square) into
// the PNGs and the favicon under public/, with nothing but zlib: no image
// library, and no remote asset, so the build stays offline.
// Run: node apps/web/scripts/make-icons.mjs
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const out = new URL("../public/", import.meta.url);
const ACCENT = [0x2f, 0x5b, 0xd3];
const TICK = [
  [0.28, 0.52],
  [0.44, 0.68],
  [0.74, 0.36],
];

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** RGBA at (x, y) in 0..1; `full`: fill the whole square (maskable icons are cropped by the OS). */
function shade(x, y, full) {
  const r = full ? 0 : 0.2;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if (!full && Math.hypot(x - cx, y - cy) > r) return [0, 0, 0, 0];
  const scale = full ? 0.8 : 1;
  const sx = 0.5 + (x - 0.5) / scale;
  const sy = 0.5 + (y - 0.5) / scale;
  const d = Math.min(
    distanceToSegment(sx, sy, TICK[0], TICK[1]),
    distanceToSegment(sx, sy, TICK[1], TICK[2]),
  );
  return d < 0.065 ? [255, 255, 255, 255] : [...ACCENT, 255];
}

function pixels(size, full) {
  const data = Buffer.alloc(size * size * 4);
  const n = 4; // 4×4 samples a pixel: smooth edges
  for (let y = 0; y < size; y += 1)
    for (let x = 0; x < size; x += 1) {
      const sum = [0, 0, 0, 0];
      for (let i = 0; i < n; i += 1)
        for (let j = 0; j < n; j += 1) {
          const c = shade((x + (i + 0.5) / n) / size, (y + (j + 0.5) / n) / size, full);
          for (let k = 0; k < 3; k += 1) sum[k] += c[k] * c[3];
          sum[3] += c[3];
        }
      const o = (y * size + x) * 4;
      const alpha = sum[3] / (n * n);
      for (let k = 0; k < 3; k += 1) data[o + k] = sum[3] ? Math.round(sum[k] / sum[3]) : 0;
      data[o + 3] = Math.round(alpha);
    }
  return data;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, full = false) {
  const rgba = pixels(size, full);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
/** An .ico holding PNG images (every browser since IE Vista reads those). */
function ico(images) {
  const head = Buffer.alloc(6 + images.length * 16);
  head.writeUInt16LE(0, 0);
  head.writeUInt16LE(1, 2);
  head.writeUInt16LE(images.length, 4);
  let offset = head.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + i * 16;
    head[e] = size >= 256 ? 0 : size;
    head[e + 1] = size >= 256 ? 0 : size;
    head.writeUInt16LE(1, e + 4);
    head.writeUInt16LE(32, e + 6);
    head.writeUInt32LE(data.length, e + 8);
    head.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([head, ...images.map((image) => image.data)]);
}

writeFileSync(new URL("icons/icon-192.png", out), png(192));
writeFileSync(new URL("icons/icon-512.png", out), png(512));
writeFileSync(new URL("icons/maskable-512.png", out), png(512, true));
writeFileSync(new URL("icons/apple-touch-icon.png", out), png(180, true));
writeFileSync(new URL("favicon.ico", out), ico([16, 32, 48].map((size) => ({ size, data: png(size) }))));
writeFileSync(
  new URL("icons/icon.svg", out),
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="20" fill="#2f5bd3"/><path d="M28 52 44 68 74 36" fill="none" stroke="#fff" stroke-width="13" stroke-linecap="round" stroke-linejoin="round"/></svg>\n`,
);
