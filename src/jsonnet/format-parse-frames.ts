// Where go-jsonnet v0.22's std.format (Jsonnet, std.jsonnet lines 356-505) fails to parse a format
// code, with its `<std>` frames: its parse_code reads a code in stages (mapping key, flags, width,
// precision, length modifier, conversion type), each a lazy local forcing the previous one's `i`,
// and its loops are recursive calls, one frame per character. kf's parser (std-pure/format.ts)
// only says which code failed; this walks go-jsonnet's stages over that code to name the frames.
// Runs only for a format string that does not parse.
import type { StdFrame } from './std-frames.js';

type Stage = 'mkey' | 'cflags' | 'fw' | 'prec' | 'lmod' | 'ctype';
const STAGES: readonly Stage[] = ['mkey', 'cflags', 'fw', 'prec', 'lmod', 'ctype'];

const IN_CODE = (name: string): string => `thunk <${name}> from <function <parse_code>>`;
const CONSUME = 'function <consume>';

/** Each stage's local in parse_code (`local fw = try_parse_field_width(str, cflags.i)`). */
const LOCAL: Record<Stage, StdFrame> = {
  mkey: [475, 20, 49, IN_CODE('mkey')],
  cflags: [476, 22, 51, IN_CODE('cflags')],
  fw: [477, 18, 54, IN_CODE('fw')],
  prec: [478, 20, 50, IN_CODE('prec')],
  lmod: [479, 23, 61, IN_CODE('len_mod')],
  ctype: [480, 21, 50, IN_CODE('ctype')],
};

/** Where a stage forces the previous stage's local (its `i`), before its own local's frame. */
const FORCING: Record<Exclude<Stage, 'mkey'>, readonly StdFrame[]> = {
  cflags: [
    [476, 44, 48, ''],
    [389, 20, 21, 'thunk from <function <try_parse_cflags>>'],
    [375, 16, 17, CONSUME],
    [389, 7, 91, 'function <try_parse_cflags>'],
  ],
  fw: [
    [477, 45, 51, ''],
    [392, 10, 11, 'function <try_parse_field_width>'],
  ],
  prec: [
    [478, 45, 47, ''],
    [423, 14, 15, 'function <try_parse_precision>'],
  ],
  lmod: [
    [479, 54, 58, ''],
    [432, 14, 15, 'function <try_parse_length_modifier>'],
  ],
  ctype: [
    [480, 42, 49, 'thunk from <thunk <ctype> from <function <parse_code>>>'],
    [440, 14, 15, 'function <parse_conv_type>'],
  ],
};

/** parse_codes' `local codes = parse_codes(str, 0, [], '')` and its tailstrict call reading `r.i`. */
export const PARSE_CODES: readonly StdFrame[] = [
  [501, 11, 57, 'function <parse_codes>'],
  [505, 19, 46, 'thunk <codes> from <function <anonymous>>'],
];

/** The code's `i: ctype.i`, read by parse_codes' `r.i`. */
const CODE_READ: readonly StdFrame[] = [
  [482, 12, 17, ''],
  [501, 28, 31, 'thunk from <function <parse_codes>>'],
  ...PARSE_CODES,
];

/** try_parse_cflags' recursive call per flag. */
const FLAG_CALL: Record<string, StdFrame> = {
  '#': [378, 11, 47, CONSUME],
  '0': [380, 11, 48, CONSUME],
  '-': [382, 11, 48, CONSUME],
  ' ': [384, 11, 49, CONSUME],
  '+': [386, 11, 48, CONSUME],
};

const TRUNCATED = 'Truncated format code.';
const CONVERSIONS = 'diuoxXeEfFgGcs%';

export interface ParseFailure {
  message: string;
  /** Innermost first, down to std.format's `codes` local. */
  frames: StdFrame[];
}

/** A digits loop of try_parse_field_width from `j` that reaches the end: its frames, innermost first. */
function widthDigits(str: string, j: number): StdFrame[] | undefined {
  const calls: StdFrame[] = [];
  for (; j < str.length; j++) {
    const d = str.charCodeAt(j) - 48;
    if (d < 0 || d > 9) return undefined;
    calls.unshift([399 + 2 * d, 13, 44, CONSUME]);
  }
  return [[396, 11, 419, 27, ''], ...calls, [420, 9, 27, 'function <try_parse_field_width>']];
}

/**
 * go-jsonnet's failure parsing the code after the `%` at `i - 1` of `str` (its parse_code(str, i));
 * undefined when go-jsonnet's parse of that code does not fail.
 */
export function formatParseFailure(str: string, i: number): ParseFailure | undefined {
  const n = str.length;
  if (i >= n)
    return {
      message: TRUNCATED,
      frames: [
        [474, 7, 491, 8, ''],
        [500, 21, 43, 'thunk <r> from <function <parse_codes>>'],
        [501, 28, 29, ''],
        ...PARSE_CODES,
      ],
    };
  const fail = (stage: Stage, own: StdFrame[], message = TRUNCATED): ParseFailure => {
    const frames = [...own, LOCAL[stage]];
    for (const next of STAGES.slice(STAGES.indexOf(stage) + 1)) {
      frames.push(...FORCING[next as Exclude<Stage, 'mkey'>], LOCAL[next]);
    }
    return { message, frames: [...frames, ...CODE_READ] };
  };
  if (str[i] === '(') {
    const close = str.indexOf(')', i + 1);
    if (close < 0) {
      const key = [...str.slice(i + 1)];
      const consumed = key.map((): StdFrame => [366, 15, 41, CONSUME]);
      return fail('mkey', [
        [362, 13, 43, CONSUME],
        ...consumed,
        [369, 9, 32, 'function <try_parse_mapping_key>'],
      ]);
    }
    i = close + 1;
  }
  const flags: StdFrame[] = [];
  for (; i < n && FLAG_CALL[str[i]] !== undefined; i++) flags.unshift(FLAG_CALL[str[i]]);
  if (i >= n)
    return fail('cflags', [[375, 9, 388, 25, ''], ...flags, [389, 7, 91, 'function <try_parse_cflags>']]);
  if (str[i] === '*') i++;
  else {
    const digits = widthDigits(str, i);
    if (digits !== undefined) return fail('fw', digits);
    while (str.charCodeAt(i) >= 48 && str.charCodeAt(i) <= 57) i++;
  }
  if (i >= n) return fail('prec', [[423, 7, 428, 26, '']]);
  if (str[i] === '.') {
    i++;
    if (i < n && str[i] === '*') i++;
    else {
      const digits = widthDigits(str, i);
      if (digits !== undefined)
        return fail('prec', [...digits, [426, 9, 42, 'function <try_parse_precision>']]);
      while (str.charCodeAt(i) >= 48 && str.charCodeAt(i) <= 57) i++;
    }
  }
  if (i >= n) return fail('lmod', [[432, 7, 437, 10, '']]);
  if (str[i] === 'h' || str[i] === 'l' || str[i] === 'L') i++;
  if (i >= n) return fail('ctype', [[440, 7, 469, 51, '']]);
  const c = String.fromCodePoint(str.codePointAt(i) as number);
  if (!CONVERSIONS.includes(c))
    return fail('ctype', [[469, 9, 51, 'function <parse_conv_type>']], `Unrecognised conversion type: ${c}`);
  return undefined;
}
