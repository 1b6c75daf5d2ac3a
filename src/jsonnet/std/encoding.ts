// std: base64 and hashes (node:crypto; strings are hashed as UTF-8).
import { hexDigest } from '../lazy-builtin.js';
import { md5Hex } from '../std-pure/md5.js';
import { rtError } from '../runtime.js';
import { JArray, typeOf, type NativeImpl, type Value } from '../values.js';
import { def, str, val, type Builtin } from './args.js';

function bytesOf(v: Value): Buffer {
  if (typeof v === 'string') {
    const out = Buffer.alloc(v.length);
    let i = 0;
    for (const c of v) {
      const cp = c.codePointAt(0) as number;
      if (cp > 255) {
        throw rtError(
          `base64 encountered invalid codepoint value in the array (must be 0 <= X <= 255), got ${cp}`,
        );
      }
      out[i++] = cp;
    }
    return out.subarray(0, i);
  }
  if (v instanceof JArray) {
    const out = Buffer.alloc(v.length);
    for (let i = 0; i < v.length; i++) {
      const b = v.get(i);
      if (typeof b !== 'number' || !Number.isInteger(b)) {
        throw rtError(`base64 encountered a non-integer value in the array, got ${typeOf(b)}`);
      }
      if (b < 0 || b > 255) {
        throw rtError(
          `base64 encountered invalid codepoint value in the array (must be 0 <= X <= 255), got ${b}`,
        );
      }
      out[i] = b;
    }
    return out;
  }
  throw rtError(`base64 can only base64 encode strings / arrays of single bytes, got ${typeOf(v)}`);
}

/** go-jsonnet's decoding: the length in UTF-8 bytes, Go's error for the first byte it refuses. */
function decode(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length % 4 !== 0) {
    throw rtError(
      `input string appears not to be a base64 encoded string. Wrong length found (${bytes.length})`,
    );
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) {
    const text = bytes.toString('latin1');
    const bad = text.search(/[^A-Za-z0-9+/=]/);
    const at = bad >= 0 ? bad : text.search(/=[^=]|=(?:==)/);
    throw rtError(`failed to decode: illegal base64 data at input byte ${at >= 0 ? at : text.indexOf('=')}`);
  }
  return Buffer.from(s, 'base64');
}

function hash(algorithm: string): NativeImpl {
  return (a) => hexDigest(algorithm, str(a, 0, algorithm));
}

export const encodingBuiltins: Builtin[] = [
  def('base64', ['input'], (a) => bytesOf(val(a[0])).toString('base64')),
  def('base64Decode', ['str'], (a) => {
    const v = val(a[0]);
    if (typeof v !== 'string') throw rtError(`base64DecodeBytes requires a string, got ${typeOf(v)}`);
    const b = decode(v);
    let out = '';
    for (const byte of b) out += String.fromCharCode(byte);
    return out;
  }),
  def('base64DecodeBytes', ['str'], (a) => {
    const v = val(a[0]);
    if (typeof v !== 'string') throw rtError(`base64DecodeBytes requires a string, got ${typeOf(v)}`);
    return new JArray(Array.from(decode(v)));
  }),
  def('md5', ['s'], (a) => {
    const text = str(a, 0, 'md5');
    // Short strings (a dashboard's uid) without loading node:crypto; long ones natively.
    return text.length < 4096 ? md5Hex(text) : hexDigest('md5', text);
  }),
  def('sha1', ['s'], hash('sha1')),
  def('sha256', ['s'], hash('sha256')),
  def('sha512', ['s'], hash('sha512')),
  def('sha3', ['s'], hash('sha3-512')),
];
