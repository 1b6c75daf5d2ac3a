import { describe, expect, it } from 'vitest';
import * as E from '../../../src/jsonnet/std-pure/encoding.js';

// Expected values are C++ jsonnet v0.22.0 output; sha* come from go-jsonnet v0.22.0
// (C++ refuses them: "only supported in go version of jsonnet").
describe('base64', () => {
  it('encodes byte strings and byte arrays', () => {
    expect(E.base64('héllo')).toBe('aOlsbG8=');
    expect(E.base64([1, 2, 255])).toBe('AQL/');
    expect(E.base64([1.5])).toBe('AQ==');
    expect(E.base64('')).toBe('');
    expect(() => E.base64('ĀA')).toThrow('Can only base64 encode strings / arrays of single bytes.');
    expect(() => E.base64([256])).toThrow('Can only base64 encode strings / arrays of single bytes.');
  });

  it('decodes to a byte string or byte array', () => {
    expect(E.base64Decode('aGVsbG8=')).toBe('hello');
    expect(E.base64Decode('w6k=')).toBe('Ã©');
    expect(E.base64DecodeBytes('AQL/')).toEqual([1, 2, 255]);
    expect(E.base64Decode('')).toBe('');
    expect(E.base64Decode('YQ==YQ==')).toBe('aa');
    expect(() => E.base64Decode('abc')).toThrow('Not a base64 encoded string "abc"');
    expect(() => E.base64Decode('YQ')).toThrow('Not a base64 encoded string "YQ"');
    expect(() => E.base64Decode('Y Q==')).toThrow('Not a base64 encoded string "Y Q=="');
  });
});

describe('UTF-8', () => {
  it('encodes and decodes, replacing invalid bytes', () => {
    expect(E.encodeUTF8('é😀')).toEqual([195, 169, 240, 159, 152, 128]);
    expect(E.decodeUTF8([104, 195, 169, 255, 240, 159, 152, 128])).toBe('hé\ufffd😀');
    expect(() => E.decodeUTF8([256])).toThrow(
      'Element 0 of the provided array was not an integer in range [0,255]',
    );
    expect(() => E.decodeUTF8([1.5])).toThrow(
      'Element 0 of the provided array was not an integer in range [0,255]',
    );
  });
});

describe('hashes of the UTF-8 bytes', () => {
  it('match the reference digests', () => {
    expect(E.md5('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(E.md5('é')).toBe('66ddcd97cfdeabb2f6fb8a999b4bc76f');
    expect(E.sha1('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(E.sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(E.sha512('')).toBe(
      'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
    );
    expect(E.sha3('')).toBe(
      'a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26',
    );
  });
});
