#!/usr/bin/env node
/**
 * The Teams app package, without external tools.
 *
 *   node teams-app/build.mjs icons     redraws color.png (192x192) and outline.png (32x32)
 *   node teams-app/build.mjs package   fills manifest.json's placeholders and writes
 *                                      teams-app/build/dongyu-teams.zip (upload it in Teams)
 *
 * `package` reads MicrosoftAppId (the bot's app id) and TEAMS_BOT_DOMAIN (the public host name of
 * the messaging endpoint, e.g. dongyu.example.org), and optionally TEAMS_DEVELOPER_NAME,
 * TEAMS_DEVELOPER_URL, TEAMS_PRIVACY_URL, TEAMS_TERMS_URL and TEAMS_APP_VERSION.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// ---- CRC-32 (PNG chunks and zip entries) ----
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---- PNG (RGBA, 8 bits per channel) ----
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function encodePng(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      const i = y * (size * 4 + 1) + 1 + x * 4;
      raw[i] = r;
      raw[i + 1] = g;
      raw[i + 2] = b;
      raw[i + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The mark, in unit coordinates (0..1): a ring (the daily round of check-ins) around a rising
 * chevron (recovery moving upwards). Returns true where the mark is drawn.
 */
function mark(u, v) {
  const dx = u - 0.5;
  const dy = v - 0.5;
  const r = Math.hypot(dx, dy);
  const ring = r > 0.33 && r < 0.41;
  // Chevron: two strokes meeting at the top, 0.08 thick.
  const distToSegment = (ax, ay, bx, by) => {
    const t = Math.max(0, Math.min(1, ((u - ax) * (bx - ax) + (v - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(u - (ax + t * (bx - ax)), v - (ay + t * (by - ay)));
  };
  const chevron = Math.min(distToSegment(0.33, 0.6, 0.5, 0.42), distToSegment(0.5, 0.42, 0.67, 0.6)) < 0.045;
  return ring || chevron;
}

/** Coverage of the mark in a pixel, 4x4 supersampled (anti-aliased edges). */
function coverage(x, y, size) {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++)
    for (let sx = 0; sx < 4; sx++) if (mark((x + (sx + 0.5) / 4) / size, (y + (sy + 0.5) / 4) / size)) hits++;
  return hits / 16;
}

function drawIcons() {
  const teal = [0x2e, 0x7d, 0x6b];
  const color = encodePng(192, (x, y) => {
    const c = coverage(x, y, 192);
    return [...teal.map((t) => Math.round(t + (255 - t) * c)), 255];
  });
  const outline = encodePng(32, (x, y) => [255, 255, 255, Math.round(255 * coverage(x, y, 32))]);
  writeFileSync(join(here, 'color.png'), color);
  writeFileSync(join(here, 'outline.png'), outline);
  console.log(`wrote color.png (${color.length} bytes) and outline.png (${outline.length} bytes)`);
}

// ---- zip (stored entries; the files are small) ----
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10); // time and date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBuf, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function fill(template, values) {
  return template.replace(/\{\{(\w+)\}\}/g, (m, name) => {
    if (values[name] === undefined) throw new Error(`No value for the placeholder ${m}.`);
    return values[name];
  });
}

function buildPackage() {
  const env = process.env;
  const missing = ['MicrosoftAppId', 'TEAMS_BOT_DOMAIN'].filter((k) => !env[k]);
  if (missing.length) {
    console.error(
      `Set ${missing.join(' and ')} first, e.g.\n` +
        '  MicrosoftAppId=<your bot app id> TEAMS_BOT_DOMAIN=dongyu.example.org node teams-app/build.mjs package',
    );
    process.exit(1);
  }
  const domain = env.TEAMS_BOT_DOMAIN.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  const values = {
    MICROSOFT_APP_ID: env.MicrosoftAppId,
    BOT_DOMAIN: domain,
    APP_VERSION: env.TEAMS_APP_VERSION ?? '1.0.0',
    DEVELOPER_NAME: env.TEAMS_DEVELOPER_NAME ?? 'Dongyu',
    DEVELOPER_URL: env.TEAMS_DEVELOPER_URL ?? `https://${domain}/`,
    PRIVACY_URL: env.TEAMS_PRIVACY_URL ?? `https://${domain}/privacy`,
    TERMS_URL: env.TEAMS_TERMS_URL ?? `https://${domain}/terms`,
  };
  const entries = ['manifest.json', 'zh-cn.json'].map((name) => {
    const text = fill(readFileSync(join(here, name), 'utf8'), values);
    JSON.parse(text); // a broken template stops here, not in Teams
    return { name, data: Buffer.from(text, 'utf8') };
  });
  for (const name of ['color.png', 'outline.png']) entries.push({ name, data: readFileSync(join(here, name)) });
  mkdirSync(join(here, 'build'), { recursive: true });
  const out = join(here, 'build', 'dongyu-teams.zip');
  writeFileSync(out, zip(entries));
  console.log(`wrote ${out}: upload it in Teams (Apps → Manage your apps → Upload an app).`);
}

const command = process.argv[2];
if (command === 'icons') drawIcons();
else if (command === 'package') buildPackage();
else {
  console.error('usage: node teams-app/build.mjs icons|package');
  process.exit(2);
}
