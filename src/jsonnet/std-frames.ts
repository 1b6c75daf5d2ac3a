// The `<std>:line:col` frames go-jsonnet v0.22 shows for an error raised inside the part of its
// standard library written in Jsonnet (std.mod behind `%`, std.format, std.assertEqual, std.map,
// std.get, std.objectHas, the manifest wrappers, …). kf implements those functions natively; when
// one of them fails, the frames below give its error go-jsonnet's trace. They are positions in
// go-jsonnet v0.22.0's std.jsonnet (google/jsonnet v0.22.0 stdlib/std.jsonnet) with the context
// go-jsonnet names each by, written down once as kf's own data and checked by
// test/jsonnet/go-errors.test.ts against the go-jsonnet binary. Only read while an error is being
// built: nothing here runs on a successful evaluation.
import { JsonnetError, type TraceEntry } from './errors.js';
import type { FormatFailure } from './std-pure/format.js';
import { Thunk, type Slot, type Value } from './values.js';

/** `[line, column, endColumn, name]`, or `[line, column, endLine, endColumn, name]` across lines. */
export type StdFrame =
  readonly [number, number, number, string] | readonly [number, number, number, number, string];

export const STD_FILE = '<std>';

/** Trace entries for `frames` (innermost first), marked so that nothing renames them. */
export function stdTrace(frames: readonly StdFrame[]): TraceEntry[] {
  return frames.map((f) => {
    const [line, column, endLine, endColumn, name] =
      f.length === 4 ? [f[0], f[1], f[0], f[2], f[3]] : [f[0], f[1], f[2], f[3], f[4]];
    return {
      loc: {
        file: STD_FILE,
        start: { line, column, offset: 0 },
        end: { line: endLine, column: endColumn, offset: 0 },
      },
      name,
      named: true,
      // A nameless frame (an assert's, go-jsonnet's desugared code) stays nameless.
      unnamed: name === '',
    };
  });
}

/** A runtime error raised inside go-jsonnet's std.jsonnet, at `frames`. */
export function stdError(message: string, frames: readonly StdFrame[]): JsonnetError {
  return new JsonnetError('runtime', message, undefined, stdTrace(frames));
}

/** Adds the frames of the std.jsonnet function an error went through (innermost first). */
export function withStdFrames(e: unknown, frames: readonly StdFrame[]): unknown {
  if (e instanceof JsonnetError && e.kind === 'runtime') e.trace.push(...stdTrace(frames));
  return e;
}

/** `f()`, an error of which gets `frames` (where go-jsonnet's std.jsonnet code runs it). */
export function framed<T>(f: () => T, frames: readonly StdFrame[]): T {
  try {
    return f();
  } catch (e) {
    throw withStdFrames(e, frames);
  }
}

const ANON = 'function <anonymous>';
const IN_ANON = 'thunk from <function <anonymous>>';

/**
 * std.manifestYamlStream: its documents (std.manifestYamlDoc in a comprehension under std.join),
 * its `value` forced by `std.isArray(value)` (itself Jsonnet), its error for another type.
 */
export const YAML_STREAM = {
  documents: [
    [1316, 21, 79, 'thunk from <thunk from <function <anonymous>>>'],
    [1315, 17, 1317, 8, ANON],
  ],
  value: [
    [1312, 21, 26, IN_ANON],
    [34, 25, 26, IN_ANON],
    [34, 16, 27, ANON],
    [1312, 9, 27, ANON],
  ],
  notArray: [[1313, 7, 75, ANON]],
  /** An element, forced by std.manifestYamlDoc(e, …). */
  element: [[1316, 41, 42, 'thunk from <thunk from <thunk from <function <anonymous>>>>']],
} as const satisfies Record<string, readonly StdFrame[]>;

/**
 * A std function go-jsonnet writes as one call of a builtin (`objectHas(o, f):: std.objectHasEx(o,
 * f, false)`): that call, and each of its parameters' variables in it, where the builtin forces it.
 */
export interface BuiltinCall {
  /** The frames of an error of the function itself. */
  call: readonly StdFrame[];
  /** Per parameter, the frames of an error forcing it (undefined: one the call does not force). */
  params: readonly (readonly StdFrame[] | undefined)[];
}

/**
 * The error of a native std function that go-jsonnet writes as a call of a builtin, with that
 * call's frames: raised forcing parameter `at` (the native forces them first, in order, as
 * go-jsonnet does), its variable's frames; `at` -1, the function's own error, at the call.
 */
export function builtinCallError(e: unknown, spec: BuiltinCall, at: number): unknown {
  if (!(e instanceof JsonnetError) || e.kind !== 'runtime') return e;
  return withStdFrames(e, (at >= 0 ? spec.params[at] : undefined) ?? spec.call);
}

/**
 * The call at `line`, `column`-`end`, of a builtin given the parameters at `params` (their columns;
 * undefined: not given to it).
 */
function builtinCall(
  line: number,
  column: number,
  end: number,
  params: (readonly [number, number] | undefined)[],
): BuiltinCall {
  const call: StdFrame = [line, column, end, ANON];
  return {
    call: [call],
    params: params.map((at) => at && [[line, at[0], at[1], IN_ANON], call]),
  };
}

export const OBJECT_FIELDS = builtinCall(1570, 5, 33, [[24, 25]]);
export const OBJECT_FIELDS_ALL = builtinCall(1573, 5, 32, [[24, 25]]);
export const OBJECT_HAS = builtinCall(1576, 5, 33, [
  [21, 22],
  [24, 25],
]);
export const OBJECT_HAS_ALL = builtinCall(1579, 5, 32, [
  [21, 22],
  [24, 25],
]);

/** std.manifestJson, std.manifestJsonMinified, std.manifestToml: calls of the *Ex builtins. */
export const MANIFEST_JSON = builtinCall(1059, 25, 58, [[44, 49]]);
export const MANIFEST_JSON_MINIFIED = builtinCall(1061, 33, 71, [[52, 57]]);
export const MANIFEST_TOML = builtinCall(929, 25, 56, [[44, 49]]);

/** std.isString and friends: `std.type(v) == '…'`, at their line (the column follows the name). */
export function typeTest(name: string): BuiltinCall {
  const line = { isString: 30, isNumber: 31, isBoolean: 32, isObject: 33, isArray: 34, isFunction: 35 }[name];
  if (line === undefined) throw new Error(`no std.jsonnet line for ${name}`);
  const column = 3 + `${name}(v):: `.length;
  return builtinCall(line, column, column + 11, [[column + 9, column + 10]]);
}

/**
 * std.get: `if std.objectHasEx(o, f, inc_hidden) then o[f] else default`, its call of the builtin
 * (forcing `o`, `f`, `inc_hidden`, not `default`), then the field or the default.
 */
export const GET = {
  ...builtinCall(1567, 8, 41, [[24, 25], [27, 28], undefined, [30, 40]]),
  field: [[1567, 47, 51, ANON]] as readonly StdFrame[],
  default: [[1567, 57, 64, ANON]] as readonly StdFrame[],
};

/** std.assertEqual: `a == b` forces `a` and `b`, then its error if they differ. */
export const ASSERT_EQUAL: BuiltinCall = {
  call: [[861, 7, 56, ANON]],
  params: [[[858, 8, 9, ANON]], [[858, 13, 14, ANON]]],
};

/** std.objectKeysValues' and std.objectKeysValuesAll's `value: o[k]`. */
export const OBJECT_KEYS_VALUES: readonly StdFrame[] = [[1588, 23, 27, 'object <anonymous>']];
export const OBJECT_KEYS_VALUES_ALL: readonly StdFrame[] = [[1591, 23, 27, 'object <anonymous>']];

/** std.mapWithKey's `func(k, obj[k])`, the field of its object comprehension. */
export const MAP_WITH_KEY_CALL: readonly StdFrame[] = [[296, 14, 29, 'object <anonymous>']];
/** Its `obj[k]`, where the function's argument reads the field. */
export const MAP_WITH_KEY_FIELD: readonly StdFrame[] = [[296, 22, 28, 'thunk from <object <anonymous>>']];

/**
 * std.resolvePath(f, r): `local arr = std.split(f, '/')` (`f` its argument), forced by
 * `std.length(arr)` in the std.makeArray call of its `std.join('/', … + [r])`, which reads `r`.
 */
export const RESOLVE_PATH = {
  f: [[1631, 27, 28, 'thunk from <thunk <arr> from <function <anonymous>>>']],
  arr: [
    [1631, 17, 34, 'thunk <arr> from <function <anonymous>>'],
    [1632, 44, 47, 'thunk from <thunk from <thunk from <function <anonymous>>>>'],
    [1632, 33, 48, 'thunk from <thunk from <function <anonymous>>>'],
    [1632, 19, 73, IN_ANON],
    [1632, 5, 80, ANON],
  ],
  r: [
    [1632, 77, 78, 'thunk from <thunk from <function <anonymous>>>'],
    [1632, 5, 80, ANON],
  ],
  join: [[1632, 5, 80, ANON]],
} as const satisfies Record<string, readonly StdFrame[]>;

/** std.format's `std.isArray(vals)`, where it forces `vals` (std.isArray is Jsonnet too). */
export const FORMAT_VALS: readonly StdFrame[] = [
  [819, 20, 24, IN_ANON],
  [34, 25, 26, IN_ANON],
  [34, 16, 27, ANON],
  [819, 8, 25, ANON],
];

/** std.map's and std.mapWithIndex's call of the function in their std.makeArray element. */
export const MAP_CALL: readonly StdFrame[] = [[280, 50, 62, ANON]];
export const MAP_WITH_INDEX_CALL: readonly StdFrame[] = [[288, 50, 65, ANON]];

/**
 * Calls `fn` for a std.makeArray element (after `frames`, of the std.jsonnet function that made the
 * element's function): go-jsonnet calls it from a node without a location, an empty frame (none
 * when not an `element`: std.mapWithKey's field). `arg`: the array element given to the function,
 * read by go-jsonnet at `argFrame` (`arr[i]`).
 */
export function callForElement(
  fn: () => Value,
  frames: readonly StdFrame[],
  element = true,
  arg?: Slot,
  argFrame?: StdFrame,
): Value {
  try {
    return fn();
  } catch (e) {
    if (e instanceof JsonnetError && e.kind === 'runtime') {
      if (arg instanceof Thunk && argFrame !== undefined) argReadFrame(e, arg, argFrame);
      withStdFrames(e, frames);
      if (!element) throw e;
      const last = e.trace[e.trace.length - 1];
      // Raised by the call itself (no place of its own): at that empty frame.
      if (frames.length === 0 && last?.loc === undefined && last?.raw === undefined) last.raw = '';
      else e.trace.push({ loc: undefined, raw: '', name: '' });
    }
    throw e;
  }
}

/** std.filterMap's `std.filter(filter_func, arr)`, forced by std.map's `std.isArray(arr)`. */
export const FILTER_MAP_FILTER: readonly StdFrame[] = [
  [851, 25, 53, IN_ANON],
  [277, 26, 29, IN_ANON],
  [34, 25, 26, IN_ANON],
  [34, 16, 27, ANON],
  [277, 14, 30, ANON],
  [851, 7, 54, ANON],
];

/**
 * std.flattenDeepArray(value): `std.isArray(value)` forcing it, for the argument or an element `x`
 * of `[y for x in value for y in std.flattenDeepArray(x)]`, and each level of that recursion.
 */
export const FLATTEN_DEEP = {
  value: [
    [904, 20, 25, IN_ANON],
    [34, 25, 26, IN_ANON],
    [34, 16, 27, ANON],
    [904, 8, 26, ANON],
  ],
  element: [
    [905, 55, 56, IN_ANON],
    [904, 20, 25, IN_ANON],
    [34, 25, 26, IN_ANON],
    [34, 16, 27, ANON],
    [904, 8, 26, ANON],
  ],
  level: [
    [905, 34, 57, ANON],
    [905, 7, 58, ''],
    [905, 7, 58, ''],
  ],
} as const satisfies Record<string, readonly StdFrame[]>;

/** std.prune's `std.isArray(a)`, forcing `a`: its argument, or one read by its recursive call. */
const PRUNE_IS_ARRAY: readonly StdFrame[] = [
  [1644, 20, 21, IN_ANON],
  [34, 25, 26, IN_ANON],
  [34, 16, 27, ANON],
  [1644, 8, 22, ANON],
];
const IS_CONTENT: StdFrame = [1636, 10, 11, 'function <isContent>'];
const IN_IN_ANON = 'thunk from <thunk from <function <anonymous>>>';

/**
 * std.prune(a): its argument, an array's element (`$.prune(x)` in `isContent(…)`, the condition of
 * its comprehension) or an object's field (`std.prune(a[x])` likewise) read by the recursive call,
 * and each level of the recursion.
 */
export const PRUNE = {
  value: PRUNE_IS_ARRAY,
  element: [[1645, 53, 54, IN_IN_ANON], ...PRUNE_IS_ARRAY],
  elementLevel: [[1645, 45, 55, IN_ANON], IS_CONTENT, [1645, 35, 56, ANON], [1645, 7, 57, '']],
  field: [[1649, 30, 34, IN_IN_ANON], ...PRUNE_IS_ARRAY],
  fieldLevel: [
    [1649, 20, 35, IN_ANON],
    IS_CONTENT,
    [1649, 10, 36, ANON],
    [1646, 34, 1650, 6, ''],
    [1646, 34, 1650, 6, ''],
  ],
} as const satisfies Record<string, readonly StdFrame[]>;

/** std.map's and std.mapWithIndex's `arr[i]`. */
export const MAP_ARG: StdFrame = [280, 55, 61, IN_ANON];
export const MAP_WITH_INDEX_ARG: StdFrame = [288, 58, 64, IN_ANON];

/**
 * An error that came out of the element itself (a thunk still unevaluated, whose expression is a
 * frame of the trace) goes through go-jsonnet's `arr[i]` next: its frame after the element's last.
 */
function argReadFrame(e: JsonnetError, arg: Thunk, frame: StdFrame): void {
  afterElement(e, arg, [frame]);
}

/**
 * Puts `frames` after the last frame of `slot`'s own expression in `e`'s trace, when `slot` is a
 * thunk still unevaluated (the error came out of it); false when it did not.
 */
export function afterElement(e: JsonnetError, slot: Slot, frames: readonly StdFrame[]): boolean {
  const site = slot instanceof Thunk && slot.pending ? slot.site : undefined;
  if (site === undefined) return false;
  let at = -1;
  e.trace.forEach((t, i) => {
    const loc = t.loc;
    if (
      loc &&
      loc.file === site.file &&
      loc.start.offset === site.start.offset &&
      loc.end.offset === site.end.offset
    )
      at = i;
  });
  if (at < 0) return false;
  e.trace.splice(at + 1, 0, ...stdTrace(frames));
  return true;
}

/** std.mod, the body of `a % b`: its three branches. */
export const MOD_MODULO: readonly StdFrame[] = [[259, 7, 23, ANON]];
export const MOD_FORMAT: readonly StdFrame[] = [[261, 7, 23, ANON]];
export const MOD_TYPE_ERROR: readonly StdFrame[] = [[263, 7, 94, ANON]];

/**
 * std.mod forcing `b` once `a` is known: by `std.isNumber(b)` for a number, by std.format's `vals`
 * for a string, by the type error's message for another type.
 */
export function modOperandFrames(a: Value): readonly StdFrame[] {
  if (typeof a === 'number')
    return [
      [258, 40, 41, IN_ANON],
      [31, 26, 27, IN_ANON],
      [31, 17, 28, ANON],
      [258, 27, 42, ANON],
    ];
  if (typeof a === 'string') return [[261, 21, 22, IN_ANON], ...FORMAT_VALS, MOD_FORMAT[0]];
  // The type error's `std.type(b)`.
  return [
    [263, 86, 87, IN_ANON],
    [263, 77, 88, ANON],
  ];
}

const CODE = 'function <format_code>';

/** format_codes_obj's `val` of a code without a `%(key)`: its `f`, an error, read by objectHasAll. */
const MAPPING_KEY: readonly StdFrame[] = [
  [789, 15, 45, 'thunk <f> from <function <format_codes_obj>>'],
  [803, 38, 39, 'thunk from <thunk <val> from <function <format_codes_obj>>>'],
  [1579, 24, 25, IN_ANON],
  [1579, 5, 32, ANON],
  [803, 16, 40, 'thunk <val> from <function <format_codes_obj>>'],
];

/** The lines of format_codes_arr (array values) and format_codes_obj (an object's fields). */
interface Codes {
  name: string;
  /** `error 'Not enough values…'` / `error 'No such field…'` of the `val` local. */
  missing: StdFrame;
  /** `arr[j2]` / `obj[f]` of the `val` local. */
  forced: StdFrame;
  /** `format_code(val, …)` of the `s` local: line, column, end column, column of its `val`. */
  s: readonly [number, number, number, number];
  /** `pad_left(s, …)` and `pad_right(s, …)`: line, column, end column. */
  padLeft: readonly [number, number, number];
  padRight: readonly [number, number, number];
  /** The tailstrict call of the next code: line, column, end column, then its `v + s_padded`. */
  next: readonly [number, number, number, number, number];
  /** std.format's call of it: `vals` an array or object, or a single value. */
  call: StdFrame;
  callSingle: StdFrame;
}

const ARR: Codes = {
  name: 'format_codes_arr',
  missing: [760, 15, 103, 'thunk <val> from <function <format_codes_arr>>'],
  forced: [758, 15, 22, 'thunk <val> from <function <format_codes_arr>>'],
  s: [765, 15, 60, 27],
  padLeft: [770, 15, 39],
  padRight: [768, 15, 40],
  next: [776, 11, 64, 55, 63],
  call: [820, 7, 46, ANON],
  callSingle: [824, 7, 48, ANON],
};
const OBJ: Codes = {
  name: 'format_codes_obj',
  missing: [806, 15, 42, 'thunk <val> from <function <format_codes_obj>>'],
  forced: [804, 15, 21, 'thunk <val> from <function <format_codes_obj>>'],
  s: [811, 15, 50, 27],
  padLeft: [816, 15, 35],
  padRight: [814, 15, 36],
  next: [817, 11, 60, 51, 59],
  call: [822, 7, 43, ANON],
  callSingle: [822, 7, 43, ANON],
};

/**
 * std.format's frames down to its call of format_codes_arr or format_codes_obj (`vals` an array,
 * an object or a single value); none for an error kf does not place.
 */
export function formatFrames(
  failure: FormatFailure,
  vals: 'array' | 'object' | 'single',
): readonly StdFrame[] {
  const c = vals === 'object' ? OBJ : ARR;
  const call = vals === 'single' ? c.callSingle : c.call;
  const fn = `function <${c.name}>`;
  if (failure.step === 'tooMany')
    return vals === 'object' ? [] : [[727, 11, 86, fn], [733, 11, 59, fn], call];
  const inSPadded = `thunk from <thunk <s_padded> from <function <${c.name}>>>`;
  const sPadded = `thunk <s_padded> from <function <${c.name}>>`;
  // format_code's result `s` forced by pad_left / pad_right, the padded text by the next call.
  const pad: StdFrame[] = failure.left
    ? [
        [c.padRight[0], c.padRight[1] + 10, c.padRight[1] + 11, inSPadded],
        [527, 7, 10, 'function <pad_right>'],
        [c.padRight[0], c.padRight[1], c.padRight[2], sPadded],
      ]
    : [
        [c.padLeft[0], c.padLeft[1] + 9, c.padLeft[1] + 10, inSPadded],
        [523, 30, 33, 'thunk from <thunk from <function <pad_left>>>'],
        [523, 19, 34, 'thunk from <function <pad_left>>'],
        [519, 11, 12, 'thunk from <function <padding>>'],
        [515, 12, 13, 'function <aux>'],
        [519, 7, 17, 'function <padding>'],
        [523, 7, 38, 'function <pad_left>'],
        [c.padLeft[0], c.padLeft[1], c.padLeft[2], sPadded],
      ];
  const [sLine, sCol, sEnd, valCol] = c.s;
  const [nLine, nCol, nEnd, argCol, argEnd] = c.next;
  const next: StdFrame[] = [
    [nLine, argCol, argEnd, `thunk from <function <${c.name}>>`],
    [nLine, nCol, nEnd, fn],
    call,
  ];
  if (failure.step.startsWith('width')) {
    // pad_left / pad_right's `w - std.length(str)`, in its call of padding: `w` is `tmp.fw` (an
    // object's `fw`, its error for a `*`).
    const [line, column, end] = failure.left ? c.padRight : c.padLeft;
    const padding: StdFrame[] = [
      [519, 11, 12, 'thunk from <function <padding>>'],
      [515, 12, 13, 'function <aux>'],
      [519, 7, 17, 'function <padding>'],
      failure.left ? [527, 13, 44, 'function <pad_right>'] : [523, 7, 38, 'function <pad_left>'],
      [line, column, end, sPadded],
      ...next,
    ];
    if (failure.step === 'width')
      return [
        failure.left
          ? [527, 21, 40, 'thunk from <function <pad_right>>']
          : [523, 15, 34, 'thunk from <function <pad_left>>'],
        ...padding,
      ];
    const fw = failure.left ? column + 13 : column + 12;
    const local: StdFrame =
      failure.step === 'widthObject'
        ? [794, 15, 60, 'thunk <fw> from <function <format_codes_obj>>']
        : failure.step === 'widthMissing'
          ? [738, 15, 101, 'object <anonymous>']
          : [740, 15, 21, 'object <anonymous>'];
    return [
      local,
      [line, fw, fw + (vals === 'object' ? 2 : 6), inSPadded],
      failure.left
        ? [527, 21, 22, 'thunk from <function <pad_right>>']
        : [523, 15, 16, 'thunk from <function <pad_left>>'],
      ...padding,
    ];
  }
  const padded: StdFrame[] = [[sLine, sCol, sEnd, `thunk <s> from <function <${c.name}>>`], ...pad, ...next];
  const type = failure.type.toLowerCase();
  if (failure.step === 'printed') return [[TO_STRING[0], TO_STRING[1], TO_STRING[2], CODE], ...padded];
  if (failure.step === 'charLength') return [[717, 13, 71, CODE], ...padded];
  if (failure.step === 'charType') return [[719, 11, 69, CODE], ...padded];
  if (failure.step === 'number') {
    const line = NUMBER_REQUIRED[type];
    return line === undefined ? [] : [[line, 11, line + 1, 47, CODE], ...padded];
  }
  const forced = VALUE_FORCED[type];
  if (forced === undefined) return [];
  return [
    ...(failure.step === 'mappingKey' ? MAPPING_KEY : [failure.step === 'forced' ? c.forced : c.missing]),
    [sLine, valCol, valCol + 3, `thunk from <thunk <s> from <function <${c.name}>>>`],
    [forced[0], forced[3], forced[4], 'thunk from <function <format_code>>'],
    [forced[0], forced[1], forced[2], CODE],
    ...padded,
  ];
}

/** std.format's parse of a `str` that is not a string: its `std.length(str)` that has none. */
/** Before those, its `str` forced there (`std.length(str)`, parse_codes' argument `str`). */
export const FORMAT_STRING_READ: readonly StdFrame[] = [
  [505, 31, 34, 'thunk from <thunk <codes> from <function <anonymous>>>'],
  [495, 26, 29, 'thunk from <function <parse_codes>>'],
];
export const FORMAT_NOT_STRING: readonly StdFrame[] = [
  [495, 15, 30, 'function <parse_codes>'],
  [505, 19, 46, 'thunk <codes> from <function <anonymous>>'],
];

/**
 * std.format's frames for a format string that does not parse (or is not a string): `codes`,
 * forced by the format_codes_arr or format_codes_obj call of `vals`' kind.
 */
export function formatParseFrames(
  parse: readonly StdFrame[],
  vals: 'array' | 'object' | 'single',
): StdFrame[] {
  const c = vals === 'object' ? OBJ : ARR;
  const call = vals === 'single' ? c.callSingle : c.call;
  const line = call[0];
  const codesLine = vals === 'object' ? 780 : 725;
  return [
    ...parse,
    [line, 24, 29, IN_ANON],
    [codesLine, 26, 31, `thunk from <function <${c.name}>>`],
    [codesLine, 15, 32, `function <${c.name}>`],
    call,
  ];
}

/**
 * format_code's first use of the value per conversion type, `std.toString(val)` or
 * `std.type(val)`: `[line, column, endColumn]` of the call, then of `val` in it.
 */
const TO_STRING = [635, 9, 26, 22, 25] as const;
const TYPE_OF = (line: number) => [line, 12, 25, 21, 24] as const;
const VALUE_FORCED: Record<string, readonly [number, number, number, number, number]> = {
  s: TO_STRING,
  d: TYPE_OF(637),
  i: TYPE_OF(637),
  u: TYPE_OF(637),
  o: TYPE_OF(643),
  x: TYPE_OF(650),
  f: TYPE_OF(662),
  e: TYPE_OF(674),
  g: TYPE_OF(687),
  c: TYPE_OF(711),
};

/** The line of format_code's "Format required number" error per conversion type (two lines long). */
const NUMBER_REQUIRED: Record<string, number> = {
  d: 638,
  i: 638,
  u: 638,
  o: 644,
  x: 651,
  f: 663,
  e: 675,
  g: 688,
};
