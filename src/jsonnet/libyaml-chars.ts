// What the emitters of gopkg.in/yaml.v2 (goyaml-v2/emitter.ts) and gopkg.in/yaml.v3
// (yaml-v3/emitter.ts) share unchanged: libyaml's character classes (yamlprivateh.go, on code
// points rather than UTF-8 bytes), the double-quoted escapes of
// yaml_emitter_write_double_quoted_scalar, Go's unicode.IsDigit and unicode.IsLetter, sorter.go's
// keyList.Less (v3's with one rule more), resolve.go's first-character table and encode.go's
// isBase60Float.

export function codePoints(s: string): number[] {
  const cps: number[] = [];
  for (let i = 0; i < s.length;) {
    const c = s.codePointAt(i) as number;
    cps.push(c);
    i += c > 0xffff ? 2 : 1;
  }
  return cps;
}

// unicode.IsDigit and unicode.IsLetter are Go's Unicode 15.0 tables; Node's are newer, so the
// letters and digits that later versions added are taken out again.
const NEWER_LETTERS =
  /[\u088f\u0c5c\u0cdc\u1c89\u1c8a\ua7cb-\ua7cf\ua7d2\ua7d4\ua7da-\ua7dc\ua7f1\u{105c0}-\u{105f3}\u{10940}-\u{10959}\u{10d4a}-\u{10d65}\u{10d6f}-\u{10d85}\u{10ec2}-\u{10ec7}\u{11380}-\u{11389}\u{1138b}\u{1138e}\u{11390}-\u{113b5}\u{113b7}\u{113d1}\u{113d3}\u{11bc0}-\u{11be0}\u{11db0}-\u{11ddb}\u{13460}-\u{143fa}\u{16100}-\u{1611d}\u{16d40}-\u{16d6c}\u{16ea0}-\u{16eb8}\u{16ebb}-\u{16ed3}\u{16ff2}\u{16ff3}\u{187f8}-\u{187ff}\u{18cff}\u{18d09}-\u{18d1e}\u{18d80}-\u{18df2}\u{1e5d0}-\u{1e5ed}\u{1e5f0}\u{1e6c0}-\u{1e6de}\u{1e6e0}-\u{1e6e2}\u{1e6e4}\u{1e6e5}\u{1e6e7}-\u{1e6ed}\u{1e6f0}-\u{1e6f4}\u{1e6fe}\u{1e6ff}\u{2b73a}-\u{2b73f}\u{2cea2}-\u{2cead}\u{2ebf0}-\u{2ee5d}\u{323b0}-\u{33479}]/u;
const NEWER_DIGITS =
  /[\u{10d40}-\u{10d49}\u{116d0}-\u{116e3}\u{11bf0}-\u{11bf9}\u{11de0}-\u{11de9}\u{16130}-\u{16139}\u{16d70}-\u{16d79}\u{1ccf0}-\u{1ccf9}\u{1e5f1}-\u{1e5fa}]/u;

/** unicode.IsDigit */
export function isDigit(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x30 && cp <= 0x39;
  const c = String.fromCodePoint(cp);
  return /\p{Nd}/u.test(c) && !NEWER_DIGITS.test(c);
}

/** unicode.IsLetter */
export function isLetter(cp: number): boolean {
  if (cp < 0x80) return (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a;
  const c = String.fromCodePoint(cp);
  return /\p{L}/u.test(c) && !NEWER_LETTERS.test(c);
}

/** is_break: LF, CR, NEL, LS, PS */
export const isBreak = (c: number | undefined) =>
  c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
/** is_blank: space or tab */
export const isBlank = (c: number | undefined) => c === 0x20 || c === 0x09;
/** is_blankz */
export const isBlankOrBreakOrNul = (c: number) => isBlank(c) || isBreak(c) || c === 0;
/** is_printable: astral characters (four UTF-8 bytes) are not. */
export const isPrintable = (c: number) =>
  c === 0x0a ||
  (c >= 0x20 && c <= 0x7e) ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

/** yaml_emitter_write_double_quoted_scalar's short escapes (others are \xXX, \uXXXX, \UXXXXXXXX). */
const ESCAPES = new Map(
  [...'\0\x07\b\t\n\v\f\r\x1b"\\\x85\xa0\u2028\u2029'].map((c, i) => [
    c.codePointAt(0),
    '0abtnvfre"\\N_LP'[i],
  ]),
);

/** The escape yaml_emitter_write_double_quoted_scalar writes for a character it does not copy. */
export function doubleQuotedEscape(c: number): string {
  const short = ESCAPES.get(c);
  const [letter, width] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
  return `\\${short ?? letter + c.toString(16).toUpperCase().padStart(width, '0')}`;
}

/** Whether yaml_emitter_write_double_quoted_scalar escapes `c` (`bom`: the value starts with U+FEFF). */
export const needsDoubleQuotedEscape = (c: number, bom: boolean) =>
  !isPrintable(c) || bom || isBreak(c) || c === 0x22 || c === 0x5c;

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** encode.go's isBase60Float: YAML 1.1's sexagesimal numbers (`1:20`), which are quoted on the way out. */
export function isBase60Float(s: string): boolean {
  return /^[-+0-9]/.test(s) && s.includes(':') && BASE60_FLOAT.test(s);
}

/**
 * sorter.go's keyList.Less for two string keys, as []rune. Not byte order: runs of digits compare
 * as numbers (in int64, wrapping like Go's) and letters sort after other characters. yaml.v3
 * (`letterAfterDigit`) adds a rule: after a common digit, a letter sorts before a non-letter.
 * Without it, v2's order has cycles (a2 < a10 < a1B < a2).
 */
export function keyLess(ar: number[], br: number[], letterAfterDigit: boolean): boolean {
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const [ai0, bi0] = [ar[i] as number, br[i] as number];
    if (ai0 === bi0) {
      digits = isDigit(ai0);
      continue;
    }
    const al = isLetter(ai0);
    const bl = isLetter(bi0);
    if (al && bl) return ai0 < bi0;
    if (al || bl) return letterAfterDigit && digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ai0 === 0x30 || bi0 === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j] as number); j--) {
        if (ar[j] !== 0x30) {
          an = bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai] as number); ai++)
      an = BigInt.asIntN(64, an * 10n + BigInt((ar[ai] as number) - 0x30));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi] as number); bi++)
      bn = BigInt.asIntN(64, bn * 10n + BigInt((br[bi] as number) - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ai0 < bi0;
  }
  return ar.length < br.length;
}

/** resolve.go's resolveTable: a plain scalar's first character class (Sign, Digit, in the Map, '.'), or undefined. */
export function resolveHint(s: string): string | undefined {
  if (s === '') return 'N';
  const c = s[0] as string;
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  return c === '.' ? '.' : undefined;
}
