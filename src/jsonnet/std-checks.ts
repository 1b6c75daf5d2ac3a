// The argument checks of std functions go-jsonnet v0.22 writes in Jsonnet (std.jsonnet) and kf
// natively: go-jsonnet's message for a wrong argument and the `<std>` frames of the check that
// raises it, or of the builtin call that forces the argument. Positions are go-jsonnet v0.22.0's
// std.jsonnet, as in std-frames.ts; checked by test/jsonnet/std-errors.test.ts against the go-jsonnet
// binary. A correct call costs the type checks kf made anyway: the frames are built for an error.
import type { Args } from './std/args.js';
import { compare, strLength, toStr } from './evaluator.js';
import { JsonnetError } from './errors.js';
import { stdError, typeTest, withStdFrames, type StdFrame } from './std-frames.js';
import { JArray, JFunction, JObject, Thunk, typeOf, type Value } from './values.js';

const ANON = 'function <anonymous>';
const IN_ANON = 'thunk from <function <anonymous>>';

/** Forces argument `i`; an error doing so gets `frames` (none: a value already known cannot fail). */
export function forced(args: Args, i: number, frames: readonly StdFrame[]): Value {
  const s = args[i];
  if (!(s instanceof Thunk)) return s ?? null;
  try {
    return s.force();
  } catch (e) {
    throw withStdFrames(e, frames);
  }
}

/** `std.isString(x)` at `line`, `call`, with `x` at `arg`, forcing `x`. */
function isStringForcing(
  line: number,
  call: readonly [number, number],
  arg: readonly [number, number],
): StdFrame[] {
  return [
    [line, arg[0], arg[1], IN_ANON],
    ...(typeTest('isString').params[0] ?? []),
    [line, call[0], call[1], ANON],
  ];
}

/** `std.length(x)` at `line`, `column`-`end`, with `x` at `arg`: forcing `x`, and its type error. */
function lengthCall(line: number, column: number, end: number, arg: readonly [number, number]) {
  const call: StdFrame = [line, column, end, ANON];
  return { forcing: [[line, arg[0], arg[1], IN_ANON], call] as StdFrame[], call };
}

/** A value std.length accepts (go-jsonnet's builtinLength): anything but null, booleans, numbers. */
function lengthChecked(v: Value, call: StdFrame): Value {
  if (v === null || typeof v === 'boolean' || typeof v === 'number')
    throw stdError(`Unexpected type ${typeOf(v)}`, [call]);
  return v;
}

/** std.startsWith and std.endsWith: `std.length(a) < std.length(b)`, at their lines. */
const PREFIX = {
  startsWith: [lengthCall(49, 8, 21, [19, 20]), lengthCall(49, 24, 37, [35, 36])],
  endsWith: [lengthCall(55, 8, 21, [19, 20]), lengthCall(55, 24, 37, [35, 36])],
};

/**
 * std.startsWith(a, b) / std.endsWith(a, b): `std.length(a) < std.length(b)` forces `a`, then `b`.
 * Returns them when both are strings; undefined when kf's own check is to answer.
 */
export function prefixArgs(args: Args, fn: 'startsWith' | 'endsWith'): [string, string] | undefined {
  const [a, b] = PREFIX[fn];
  const x = lengthChecked(forced(args, 0, a.forcing), a.call);
  const y = lengthChecked(forced(args, 1, b.forcing), b.call);
  return typeof x === 'string' && typeof y === 'string' ? [x, y] : undefined;
}

/** std.split's `std.isString(str)` and `std.isString(c)`, forcing them. */
const SPLIT_FORCING = [isStringForcing(116, [12, 29], [25, 28]), isStringForcing(117, [12, 27], [25, 26])];

/** std.split(str, c): its three asserts, each a frame from the assert to the function's end. */
export function splitArgs(args: Args): [string, string] {
  const str = forced(args, 0, SPLIT_FORCING[0]);
  if (typeof str !== 'string')
    throw stdError(`std.split first parameter must be a String, got ${typeOf(str)}`, [[116, 5, 119, 31, '']]);
  const c = forced(args, 1, SPLIT_FORCING[1]);
  if (typeof c !== 'string')
    throw stdError(`std.split second parameter must be a String, got ${typeOf(c)}`, [[117, 5, 119, 31, '']]);
  if (c.length === 0)
    throw stdError('std.split second parameter must have length 1 or greater, got 0', [
      [118, 5, 119, 31, ''],
    ]);
  return [str, c];
}

type Kind = 'function' | 'array' | 'string' | 'object' | 'number';

function isKind(v: Value, kinds: readonly Kind[]): boolean {
  for (const k of kinds) {
    if (
      k === 'function'
        ? v instanceof JFunction
        : k === 'array'
          ? v instanceof JArray
          : k === 'object'
            ? v instanceof JObject
            : typeof v === k
    )
      return true;
  }
  return false;
}

/**
 * A std function that starts `if !std.isX(p) then error (message + std.type(p))` for its
 * parameters in order: per parameter, the accepted kinds, the message and the error's place
 * (`[line, column, endColumn]`, or a 5-tuple across lines with the frame's name).
 */
interface ParamCheck {
  kinds: readonly Kind[];
  message: string;
  at: StdFrame;
}

const check = (kinds: Kind[], message: string, line: number, column: number, end: number): ParamCheck => ({
  kinds,
  message,
  at: [line, column, end, ANON],
});

const CHECKS: Record<string, readonly (ParamCheck | undefined)[]> = {
  map: [
    check(['function'], 'std.map first param must be function, got ', 276, 7, 76),
    check(['array', 'string'], 'std.map second param must be array / string, got ', 278, 7, 82),
  ],
  mapWithIndex: [
    check(['function'], 'std.mapWithIndex first param must be function, got ', 284, 7, 85),
    check(['array', 'string'], 'std.mapWithIndex second param must be array, got ', 286, 7, 82),
  ],
  mapWithKey: [
    check(['function'], 'std.mapWithKey first param must be function, got ', 292, 7, 83),
    check(['object'], 'std.mapWithKey second param must be object, got ', 294, 7, 81),
  ],
  filterMap: [
    check(['function'], 'std.filterMap first param must be function, got ', 845, 7, 89),
    check(['function'], 'std.filterMap second param must be function, got ', 847, 7, 87),
    check(['array'], 'std.filterMap third param must be array, got ', 849, 7, 78),
  ],
  abs: [check(['number'], 'std.abs expected number, got ', 865, 7, 58)],
  sign: [check(['number'], 'std.sign expected number, got ', 871, 7, 59)],
  max: [
    check(['number'], 'std.max first param expected number, got ', 881, 7, 70),
    check(['number'], 'std.max second param expected number, got ', 883, 7, 71),
  ],
  min: [
    check(['number'], 'std.min first param expected number, got ', 889, 7, 70),
    check(['number'], 'std.min second param expected number, got ', 891, 7, 71),
  ],
  findSubstr: [
    check(['string'], 'findSubstr first parameter should be a string, got ', 1655, 7, 82),
    check(['string'], 'findSubstr second parameter should be a string, got ', 1657, 7, 83),
  ],
  find: [undefined, check(['array'], 'find second parameter should be an array, got ', 1668, 7, 77)],
  all: [
    { kinds: ['array'], message: 'all() parameter should be an array, got ', at: [1673, 5, 1685, 11, ''] },
  ],
  any: [
    { kinds: ['array'], message: 'any() parameter should be an array, got ', at: [1688, 5, 1700, 11, ''] },
  ],
};

/** The error of argument `i` of `fn` (a CHECKS entry), `v`, which is of the wrong type. */
export function wrongArg(fn: keyof typeof CHECKS, i: number, v: Value): never {
  const c = CHECKS[fn][i];
  if (c === undefined) throw new Error(`no check of parameter ${i} of std.${fn}`);
  throw stdError(c.message + typeOf(v), [c.at]);
}

/**
 * Argument `i` of std function `fn` (a CHECKS entry), forced and checked as go-jsonnet does (call
 * in parameter order): one of a wrong type fails with go-jsonnet's message and frame.
 */
export function checkedArg(args: Args, fn: keyof typeof CHECKS, i: number): Value {
  const s = args[i];
  const v = s instanceof Thunk ? s.force() : (s ?? null);
  const c = CHECKS[fn][i];
  if (c !== undefined && !isKind(v, c.kinds)) throw stdError(c.message + typeOf(v), [c.at]);
  return v;
}

/** Argument `i`, forced; `test` refuses it: `message(v)` at `frames`. */
export function typedAt<T extends Value>(
  args: Args,
  i: number,
  test: (v: Value) => v is T,
  message: (v: Value) => string,
  frames: readonly StdFrame[],
): T {
  const s = args[i];
  const v = s instanceof Thunk ? s.force() : (s ?? null);
  if (!test(v)) throw stdError(message(v), frames);
  return v;
}

export const isString = (v: Value): v is string => typeof v === 'string';
export const isArray = (v: Value): v is JArray => v instanceof JArray;
export const isObject = (v: Value): v is JObject => v instanceof JObject;
/** go-jsonnet's type errors: `Unexpected type T` (std.length), `…, expected X` (getArray…). */
export const unexpected = (v: Value): string => `Unexpected type ${typeOf(v)}`;
export const expectedArray = (v: Value): string => `Unexpected type ${typeOf(v)}, expected array`;
export const expectedObject = (v: Value): string => `Unexpected type ${typeOf(v)}, expected object`;
export const expectedString = (v: Value): string => `Unexpected type ${typeOf(v)}, expected string`;

/** A value std.length takes (anything but null, a boolean or a number). */
export const hasLength = (v: Value): v is string | JArray | JObject | JFunction =>
  typeof v === 'string' || v instanceof JArray || v instanceof JObject || v instanceof JFunction;

/** std.stringChars: `std.makeArray(std.length(str), function(i) str[i])`. */
export const STRING_CHARS: StdFrame[] = [
  [77, 19, 34, IN_ANON],
  [77, 5, 55, ANON],
];

/** std.asciiUpper / std.asciiLower: std.stringChars inside a std.map over its result. */
export function asciiCase(fn: 'asciiUpper' | 'asciiLower'): StdFrame[] {
  const [line, shift] = fn === 'asciiUpper' ? [186, 0] : [194, 2];
  return [
    ...STRING_CHARS,
    [line, 37 + shift, 57 + shift, 'thunk from <thunk from <function <anonymous>>>'],
    [277, 26, 29, IN_ANON],
    [34, 25, 26, IN_ANON],
    [34, 16, 27, ANON],
    [277, 14, 30, ANON],
    [line, 18, 58 + shift, IN_ANON],
    [line, 5, 59 + shift, ANON],
  ];
}

/** std.parseOctal / std.parseHex: their asserts, and parse_nat's on a digit. */
export function parseNatFrames(base: 8 | 16): {
  notString: StdFrame[];
  empty: StdFrame[];
  digit: StdFrame[];
} {
  const line = base === 8 ? 106 : 111;
  const end = base === 8 ? 22 : 23;
  return {
    notString: [[line, 5, line + 2, end, '']],
    empty: [[line + 1, 5, line + 2, end, '']],
    digit: [
      [93, 7, 94, 31, ''],
      [95, 5, 49, ANON],
      [line + 2, 5, end, ANON],
    ],
  };
}

/** std.repeat(what, count): `std.join(joiner, std.makeArray(count, function(i) what))`. */
export const REPEAT = {
  whatForced: [
    [201, 23, 27, 'thunk from <thunk <joiner> from <function <anonymous>>>'],
    [30, 26, 27, IN_ANON],
    [30, 17, 28, ANON],
    [201, 10, 28, 'thunk <joiner> from <function <anonymous>>'],
    [204, 14, 20, IN_ANON],
    [204, 5, 61, ANON],
  ],
  whatType: [
    [203, 12, 74, 'thunk <joiner> from <function <anonymous>>'],
    [204, 14, 20, IN_ANON],
    [204, 5, 61, ANON],
  ],
  count: [
    [204, 22, 60, IN_ANON],
    [204, 5, 61, ANON],
  ],
} as const satisfies Record<string, readonly StdFrame[]>;

/** std.lines(arr): `std.join('\n', arr + [''])`. */
export const LINES = {
  plus: [
    [339, 20, 30, IN_ANON],
    [339, 5, 31, ANON],
  ],
  join: [[339, 5, 31, ANON]],
} as const satisfies Record<string, readonly StdFrame[]>;

/** std.deepJoin: its error, and each level of arrays it is in. */
export function deepJoinFrames(depth: number): StdFrame[] {
  const frames: StdFrame[] = [[347, 7, 63, ANON]];
  for (let i = 0; i < depth; i++)
    frames.push([345, 21, 36, 'thunk from <thunk from <function <anonymous>>>'], [345, 7, 51, ANON]);
  return frames;
}

/** std.flattenArrays: `std.foldl(function(a, b) a + b, arrs, [])`. */
export const FLATTEN_ARRAYS = {
  notArray: [[901, 5, 46, ANON]],
  plus: [
    [901, 30, 35, ANON],
    [901, 5, 46, ANON],
  ],
  element: [
    [901, 34, 35, ANON],
    [901, 5, 46, ANON],
  ],
} as const satisfies Record<string, readonly StdFrame[]>;

/** std.count: `std.length(std.filter(function(v) v == x, arr))`. */
export const COUNT = {
  notArray: [
    [255, 30, 65, IN_ANON],
    [255, 19, 66, ANON],
  ],
  element: [
    [255, 53, 54, ANON],
    [255, 30, 65, IN_ANON],
    [255, 19, 66, ANON],
  ],
} as const satisfies Record<string, readonly StdFrame[]>;

/** std.all / std.any: an element that is not a boolean (after the first: the tail call's frame). */
export function notBooleanElement(fn: 'all' | 'any', index: number, e: Value, shown: string): JsonnetError {
  const line = fn === 'all' ? 1680 : 1695;
  const frames: StdFrame[] = [[line, 9, line + 4, 23, '']];
  if (index > 0) frames.push([line + 4, 11, 23, 'function <aux>']);
  frames.push([line + 5, 5, 11, ANON]);
  return stdError(`element "${shown}" of type ${typeOf(e)} is not a boolean`, frames);
}

/** std.all / std.any: element `index` read by `local e = arr[idx]`, forced by std.isBoolean(e). */
export function booleanElementForced(fn: 'all' | 'any', index: number): StdFrame[] {
  const line = fn === 'all' ? 1679 : 1694;
  const frames: StdFrame[] = [
    [line, 19, 27, 'thunk <e> from <function <aux>>'],
    [line + 1, 30, 31, 'thunk from <function <aux>>'],
    [32, 27, 28, IN_ANON],
    [32, 18, 29, ANON],
    [line + 1, 16, 32, 'function <aux>'],
  ];
  if (index > 0) frames.push([line + 5, 11, 23, 'function <aux>']);
  frames.push([line + 6, 5, 11, ANON]);
  return frames;
}

/** std.find's `arr[i] == value` in its std.filter, forcing the element. */
export const FIND_ELEMENT: StdFrame[] = [
  [1670, 30, 36, ANON],
  [1670, 7, 81, ANON],
];

/** std.objectValues' / std.objectValuesAll's `o[k]`, an element of their comprehension. */
export const OBJECT_VALUE: StdFrame[] = [[1582, 6, 10, IN_ANON]];
export const OBJECT_VALUE_ALL: StdFrame[] = [[1585, 6, 10, IN_ANON]];

/** std.objectValues and friends: std.objectFields(o) (or objectFieldsAll) in a comprehension. */
export function objectValuesFrames(fn: string): StdFrame[] {
  const spec: Record<string, [number, number, number, boolean]> = {
    objectValues: [1582, 20, 39, false],
    objectValuesAll: [1585, 20, 42, true],
    objectKeysValues: [1588, 39, 58, false],
    objectKeysValuesAll: [1591, 39, 61, true],
  };
  const [line, column, end, all] = spec[fn] ?? [0, 0, 0, false];
  return [all ? [1573, 5, 32, ANON] : [1570, 5, 33, ANON], [line, column, end, ANON], [line, 5, end + 1, '']];
}

/** std.mergePatch(target, patch): its comprehension over `std.setDiff(both_fields, null_fields)`. */
const MERGE_PATCH_FIELDS: StdFrame[] = [
  [1561, 18, 55, ANON],
  [1553, 7, 1562, 8, ''],
  [1553, 7, 1562, 8, ''],
];

export const MERGE_PATCH = {
  /** `std.isObject(patch)`, forcing it. */
  patch: [
    [1543, 21, 26, IN_ANON],
    [33, 26, 27, IN_ANON],
    [33, 17, 28, ANON],
    [1543, 8, 27, ANON],
  ],
  /** `target`, forced by `target_object`'s std.isObject, through target_fields and both_fields. */
  targetArg: [
    [1545, 25, 31, 'thunk from <thunk <target_object> from <function <anonymous>>>'],
    [33, 26, 27, IN_ANON],
    [33, 17, 28, ANON],
    [1545, 12, 32, 'thunk <target_object> from <function <anonymous>>'],
    [1548, 25, 38, 'thunk from <thunk <target_fields> from <function <anonymous>>>'],
    [33, 26, 27, IN_ANON],
    [33, 17, 28, ANON],
    [1548, 12, 39, 'thunk <target_fields> from <function <anonymous>>'],
    [1551, 40, 53, 'thunk from <thunk <both_fields> from <function <anonymous>>>'],
    [1512, 9, 10, IN_ANON],
    [1499, 26, 27, 'thunk from <function <aux>>'],
    [1499, 15, 28, 'function <aux>'],
    [1512, 5, 24, ANON],
    [1551, 27, 79, 'thunk <both_fields> from <function <anonymous>>'],
    [1561, 30, 41, IN_ANON],
    [1540, 9, 10, IN_ANON],
    [1540, 5, 24, ANON],
    ...MERGE_PATCH_FIELDS,
  ],
  /** A field of the patch, read by `null_fields` (`patch[k] == null`). */
  nullFields: [
    [1550, 66, 74, 'thunk <null_fields> from <function <anonymous>>'],
    [1550, 27, 83, ''],
    [1561, 43, 54, IN_ANON],
    [1540, 12, 13, IN_ANON],
    [1540, 5, 24, ANON],
    ...MERGE_PATCH_FIELDS,
  ],
  /** A field only the target has: `target_object[k]`. */
  target: [[1556, 13, 29, 'object <anonymous>']],
  /** A field of both: `std.mergePatch(target_object[k], patch[k]) tailstrict` forcing the first. */
  both: [
    [1560, 28, 44, 'thunk from <object <anonymous>>'],
    [1560, 13, 55, 'object <anonymous>'],
  ],
} as const satisfies Record<string, readonly StdFrame[]>;

/** A slice bound go-jsonnet's std.slice sets in its `invar` object (`index`, `end`) with defaults. */
function sliceBound(v: Value, dflt: number, length: number, clampAtZero: boolean): string {
  if (v === null) return String(dflt);
  if (typeof v !== 'number') return toStr(v);
  if (v >= 0) return toStr(v);
  return toStr(clampAtZero ? Math.max(0, length + v) : length + v);
}

/**
 * The error of a slice (`x[a:b:c]` or std.slice) that kf found wrong, as go-jsonnet's std.slice
 * reports the first thing wrong in its own order: the step (its two asserts), the value sliced (its
 * third), then the start and end bounds where its loop compares them. Only called for a slice that
 * fails; the caller adds its site (unnamed for the syntax, which go-jsonnet desugars to a call).
 */
export function sliceError(target: Value, from: Value, to: Value, step: Value): JsonnetError {
  const frame = (line: number): StdFrame[] => [[line, 5, 246, 66, '']];
  const comparedWith0 = (v: Value, frames: StdFrame[]): JsonnetError => {
    try {
      compare(v, 0);
    } catch (e) {
      if (e instanceof JsonnetError) return withStdFrames(e, frames) as JsonnetError;
    }
    return stdError(`Unexpected type ${typeOf(v)}, expected number`, frames);
  };
  if (step !== null && typeof step !== 'number') return comparedWith0(step, [[232, 12, 27, ANON]]);
  const length =
    typeof target === 'string' ? strLength(target) : target instanceof JArray ? target.length : 0;
  if (typeof step === 'number' && step < 0) {
    const index = sliceBound(from, 0, length, true);
    const end = sliceBound(to, length, length, false);
    return stdError(`got [${index}:${end}:${toStr(step)}] but negative steps are not supported`, frame(232));
  }
  if (step === 0) return stdError('got 0 but step must be greater than 0', frame(233));
  if (typeof target !== 'string' && !(target instanceof JArray))
    return stdError(`std.slice accepts a string or an array, but got: ${typeOf(target)}`, frame(234));
  if (from !== null && typeof from !== 'number')
    return comparedWith0(from, [
      [216, 16, 25, 'object <invar>'],
      [246, 54, 65, IN_ANON],
      [236, 10, 13, 'function <build>'],
      [246, 5, 66, ANON],
    ]);
  return comparedWith0(to, [
    [223, 16, 23, 'object <invar>'],
    [236, 17, 26, 'function <build>'],
    [246, 5, 66, ANON],
  ]);
}
