// Encodings and hashes of the standard library: base64 over byte strings and byte arrays,
// UTF-8 conversion, and hex digests of a string's UTF-8 bytes (node:crypto).
import { hexDigest } from '../lazy-builtin.js';
import type { PlainValue } from './plain-value.js';
import { StdError } from './std-error.js';

const ONLY_BYTES = 'Can only base64 encode strings / arrays of single bytes.';

/** `std.base64(input)`: a string of code points < 256, or an array of byte values. */
export function base64(input: string | readonly PlainValue[]): string {
  let bytes: Buffer;
  if (typeof input === 'string') {
    // eslint-disable-next-line no-control-regex
    if (/[^\u0000-\u00ff]/.test(input)) throw new StdError(ONLY_BYTES);
    bytes = Buffer.from(input, 'latin1');
  } else {
    bytes = Buffer.alloc(input.length);
    for (let i = 0; i < input.length; i++) {
      const b = input[i];
      if (typeof b !== 'number' || b < 0 || b >= 256) throw new StdError(ONLY_BYTES);
      bytes[i] = Math.floor(b);
    }
  }
  return bytes.toString('base64');
}

const BASE64_GROUPS = /^(?:[A-Za-z0-9+/]{4})*$|^(?:[A-Za-z0-9+/]{4})*[A-Za-z0-9+/]{2}(?:==|[A-Za-z0-9+/]=)$/;

/**
 * `std.base64DecodeBytes(str)`: the decoded bytes. The reference decodes each 4-character group
 * on its own, so padding may appear between groups (`'YQ==YQ=='` is `aa`).
 */
export function base64DecodeBytes(str: string): number[] {
  if (str.length % 4 !== 0) throw new StdError(`Not a base64 encoded string "${str}"`);
  const out: number[] = [];
  if (BASE64_GROUPS.test(str)) {
    for (const b of Buffer.from(str, 'base64')) out.push(b);
    return out;
  }
  for (let i = 0; i < str.length; i += 4) {
    const group = str.slice(i, i + 4);
    if (!/^[A-Za-z0-9+/]{2}(?:==|[A-Za-z0-9+/]=|[A-Za-z0-9+/]{2})$/.test(group)) {
      throw new StdError(`Not a base64 encoded string "${str}"`);
    }
    for (const b of Buffer.from(group, 'base64')) out.push(b);
  }
  return out;
}

/** `std.base64Decode(str)`: the decoded bytes as a string of code points 0–255 (not UTF-8 decoded). */
export function base64Decode(str: string): string {
  return Buffer.from(base64DecodeBytes(str)).toString('latin1');
}

/** `std.encodeUTF8(str)`: the UTF-8 bytes of a string. */
export function encodeUTF8(str: string): number[] {
  return Array.from(Buffer.from(str, 'utf8'));
}

/** `std.decodeUTF8(arr)`: decodes UTF-8 bytes; invalid sequences become U+FFFD. */
export function decodeUTF8(arr: readonly PlainValue[]): string {
  const bytes = new Uint8Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const b = arr[i];
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) {
      throw new StdError(`Element ${i} of the provided array was not an integer in range [0,255]`);
    }
    bytes[i] = b;
  }
  return new TextDecoder('utf-8').decode(bytes);
}

function digest(algorithm: string, s: string): string {
  return hexDigest(algorithm, s);
}

/** `std.md5(str)`: hex MD5 of the UTF-8 bytes. */
export function md5(s: string): string {
  return digest('md5', s);
}

/** `std.sha1(str)` (go-jsonnet behaviour; C++ jsonnet rejects the call). */
export function sha1(s: string): string {
  return digest('sha1', s);
}

/** `std.sha256(str)`. */
export function sha256(s: string): string {
  return digest('sha256', s);
}

/** `std.sha512(str)`. */
export function sha512(s: string): string {
  return digest('sha512', s);
}

/** `std.sha3(str)`: SHA3-512, as go-jsonnet computes it. */
export function sha3(s: string): string {
  return digest('sha3-512', s);
}
