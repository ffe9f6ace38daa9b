// ThumbHash placeholders decode to the picture's shape and colours. The hashes below were written by the server's
// encoder (Sources/Media/Placeholders/ThumbHash.swift) for a solid red 60 × 30 picture and a left-black,
// right-white 40 × 40 one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeThumbHash, thumbHashAspectRatio, thumbHashBytes } from '../../Sources/WebClient/Public/app/media/thumbhash.js';
import { hashes } from './thumbhash-fixtures.mjs';

const pixel = ({ width, rgba }, x, y) => Array.from(rgba.slice((y * width + x) * 4, (y * width + x) * 4 + 4));

test('a solid picture decodes to its colour and aspect ratio', () => {
  const hash = thumbHashBytes(hashes.red60x30);
  assert.ok(Math.abs(thumbHashAspectRatio(hash) - 2) < 0.5);
  const image = decodeThumbHash(hash);
  assert.equal(image.width, 32);
  assert.ok(image.height >= 12 && image.height <= 20, `height ${image.height}`);
  const [r, g, b, a] = pixel(image, 16, Math.floor(image.height / 2));
  assert.ok(r > 200 && g < 60 && b < 60 && a === 255, `${[r, g, b, a]}`);
});

test('a picture dark on the left and light on the right decodes that way', () => {
  const image = decodeThumbHash(thumbHashBytes(hashes.blackWhite40));
  assert.equal(image.width, image.height);
  const left = pixel(image, 2, 16);
  const right = pixel(image, image.width - 3, 16);
  assert.ok(left[0] < 90 && right[0] > 165, `left ${left} right ${right}`);
});

test('what is not a hash is refused', () => {
  assert.equal(thumbHashBytes('!!'), null);
  assert.equal(thumbHashBytes(42), null);
});
