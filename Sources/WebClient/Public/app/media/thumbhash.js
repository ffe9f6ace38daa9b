// ThumbHash placeholders: the file server stores each picture's hash (base64) in its metadata; the client draws it
// as a small blurred picture while the real preview loads. This decodes the format the server's encoder writes
// (Sources/Media/Placeholders/ThumbHash.swift): a header with the average colour and the DCT sizes, then 4-bit
// coefficients for luminance, two chroma channels and, when present, alpha.

/** The hash bytes of a base64 string; null when it is not one. */
export function thumbHashBytes(base64) {
  if (typeof base64 !== 'string' || base64.length < 8) return null;
  try {
    const binary = atob(base64);
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  } catch {
    return null;
  }
}

function readHeader(hash) {
  const header24 = hash[0] | (hash[1] << 8) | (hash[2] << 16);
  const header16 = hash[3] | (hash[4] << 8);
  const hasAlpha = (header24 >> 23) & 1;
  const isLandscape = (header16 >> 15) & 1;
  const stored = header16 & 7;
  const wide = hasAlpha ? 5 : 7;
  return {
    l: (header24 & 63) / 63,
    p: ((header24 >> 6) & 63) / 31.5 - 1,
    q: ((header24 >> 12) & 63) / 31.5 - 1,
    lScale: ((header24 >> 18) & 31) / 31,
    pScale: ((header16 >> 3) & 63) / 63,
    qScale: ((header16 >> 9) & 63) / 63,
    hasAlpha,
    // The encoder stores the shorter side's term count; the longer side has the full count.
    lx: isLandscape ? wide : stored,
    ly: isLandscape ? stored : wide,
    a: hasAlpha ? (hash[5] & 15) / 15 : 1,
    aScale: hasAlpha ? (hash[5] >> 4) / 15 : 0,
  };
}

/** Width over height, approximately, as the hash records it. */
export function thumbHashAspectRatio(hash) {
  const { lx, ly } = readHeader(hash);
  return lx / ly;
}

/** The picture a hash stands for, at most 32 pixels on its longer side: `{width, height, rgba}`. */
export function decodeThumbHash(hash) {
  const header = readHeader(hash);
  const lx = Math.max(3, header.lx);
  const ly = Math.max(3, header.ly);
  let nibble = 0;
  const start = header.hasAlpha ? 6 : 5;
  const terms = (nx, ny, scale) => {
    const values = [];
    for (let cy = 0; cy < ny; cy++) {
      for (let cx = cy === 0 ? 1 : 0; cx * ny < nx * (ny - cy); cx++) {
        const byte = hash[start + (nibble >> 1)] ?? 0;
        const value = (byte >> ((nibble & 1) * 4)) & 15;
        nibble++;
        values.push({ cx, cy, value: (value / 7.5 - 1) * scale });
      }
    }
    return values;
  };
  // Chroma terms are boosted a little: quantising them loses saturation.
  const channels = {
    l: terms(lx, ly, header.lScale),
    p: terms(3, 3, header.pScale * 1.25),
    q: terms(3, 3, header.qScale * 1.25),
    a: header.hasAlpha ? terms(5, 5, header.aScale) : [],
  };
  const ratio = header.lx / header.ly;
  const width = Math.round(ratio > 1 ? 32 : 32 * ratio);
  const height = Math.round(ratio > 1 ? 32 / ratio : 32);
  const rgba = new Uint8ClampedArray(width * height * 4);
  const basis = (n, size, position) => Math.cos((Math.PI / size) * (position + 0.5) * n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sum = (list, dc) => list.reduce((total, term) => total + term.value * basis(term.cx, width, x) * basis(term.cy, height, y) * 2, dc);
      const l = sum(channels.l, header.l);
      const p = sum(channels.p, header.p);
      const q = sum(channels.q, header.q);
      const a = header.hasAlpha ? sum(channels.a, header.a) : 1;
      const b = l - (2 / 3) * p;
      const r = (3 * l - b + q) / 2;
      const g = r - q;
      const i = (y * width + x) * 4;
      rgba[i] = 255 * Math.min(1, Math.max(0, r));
      rgba[i + 1] = 255 * Math.min(1, Math.max(0, g));
      rgba[i + 2] = 255 * Math.min(1, Math.max(0, b));
      rgba[i + 3] = 255 * Math.min(1, Math.max(0, a));
    }
  }
  return { width, height, rgba };
}

const urls = new Map();

/** A `data:` URL of the placeholder (drawn on a canvas; the CSP allows `data:` pictures), cached by hash. */
export function thumbHashDataURL(base64) {
  if (urls.has(base64)) return urls.get(base64);
  const hash = thumbHashBytes(base64);
  let url = null;
  if (hash && hash.length >= 5) {
    const { width, height, rgba } = decodeThumbHash(hash);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d').putImageData(new ImageData(rgba, width, height), 0, 0);
    url = canvas.toDataURL('image/png');
  }
  urls.set(base64, url);
  return url;
}
