import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../../src/jsonnet/std-pure/md5.js';

describe('md5Hex', () => {
  it('is node:crypto MD5 of the UTF-8 bytes, across the padding boundaries and for any text', () => {
    const texts = ['', 'a', 'abc', 'message digest', 'é😀\u0000', '\ud800', 'a\udc00b', 'y'.repeat(1000)];
    for (const n of [55, 56, 57, 63, 64, 65, 119, 120, 128]) texts.push('x'.repeat(n));
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 200; n++) {
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(random() * 0x10000));
      texts.push(s);
    }
    for (const text of texts)
      expect(md5Hex(text), JSON.stringify(text)).toBe(createHash('md5').update(text, 'utf8').digest('hex'));
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });
});
