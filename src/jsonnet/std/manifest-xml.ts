// std.manifestXmlJsonml, over the value itself, as go-jsonnet's Jsonnet runs it: each element is
// `std.deepJoin(['<', tag, attrs_str, '>', [aux(x) for x in children], '</', tag, '>'])`, its
// parts read in that order (a tag that is an array is deep-joined too), so an error has its
// `<std>` frames (positions in go-jsonnet v0.22's std.jsonnet, as in std-frames.ts), built only then.
import { getField, visibleFields } from '../evaluator.js';
import { manifestSingleLine } from '../manifest.js';
import { rtError } from '../runtime.js';
import { forced } from '../std-checks.js';
import { formatFrames, framed, MOD_FORMAT, OBJECT_FIELDS, stdError, type StdFrame } from '../std-frames.js';
import { force, JArray, JFunction, JObject, typeOf, type Value } from '../values.js';
import { def, type Builtin } from './args.js';

const ANON = 'function <anonymous>';
const IN_ANON = 'thunk from <function <anonymous>>';
const AUX = 'function <aux>';
const IN_IN_AUX = 'thunk from <thunk from <function <aux>>>';
const ATTRS_STR = 'thunk <attrs_str> from <function <aux>>';

/** std.deepJoin's `std.isString(arr)` forcing an element `x`, and its `std.join` of an array. */
const IS_STRING: readonly StdFrame[] = [
  [345, 34, 35, 'thunk from <thunk from <thunk from <function <anonymous>>>>'],
  [342, 21, 24, IN_ANON],
  [30, 26, 27, IN_ANON],
  [30, 17, 28, ANON],
  [342, 8, 25, ANON],
];
const JOIN_LEVEL: readonly StdFrame[] = [
  [345, 21, 36, 'thunk from <thunk from <function <anonymous>>>'],
  [345, 7, 51, ANON],
];

const FRAMES = {
  value: [
    [1347, 21, 26, IN_ANON],
    [34, 25, 26, IN_ANON],
    [34, 16, 27, ANON],
    [1347, 9, 27, ANON],
  ],
  notArray: [[1348, 7, 75, ANON]],
  top: [[1362, 7, 17, ANON]],
  /** aux's `std.deepJoin([...])`, `local tag = v[0]`, and where the list reads its parts. */
  deepJoin: [[1360, 11, 95, AUX]],
  tag: [[1354, 23, 27, 'thunk <tag> from <function <aux>>']],
  firstTag: [1360, 30, 33, IN_IN_AUX],
  lastTag: [1360, 85, 88, IN_IN_AUX],
  attrsStr: [1360, 35, 44, IN_IN_AUX],
  child: [1360, 52, 58, 'thunk from <thunk from <thunk from <function <aux>>>>'],
  /** A child `x` of `v[1:]` (std.slice's element), read by aux's `std.isString(v)`. */
  childValue: [
    [243, 22, 42, 'thunk from <thunk from <function <build>>>'],
    [1360, 56, 57, 'thunk from <thunk from <thunk from <thunk from <function <aux>>>>>'],
    [1351, 25, 26, 'thunk from <function <aux>>'],
    [30, 26, 27, IN_ANON],
    [30, 17, 28, ANON],
    [1351, 12, 27, AUX],
  ],
  /** `v[1]` of `has_attrs`, first read through `attrs` by attrs_str's `std.objectFields(attrs)`. */
  attrsElement: [
    [1355, 63, 67, 'thunk from <thunk <has_attrs> from <function <aux>>>'],
    [33, 26, 27, IN_ANON],
    [33, 17, 28, ANON],
    [1355, 50, 68, 'thunk <has_attrs> from <function <aux>>'],
    [1356, 28, 37, 'thunk <attrs> from <function <aux>>'],
    [1359, 80, 85, `thunk from <thunk from <${ATTRS_STR}>>`],
    ...(OBJECT_FIELDS.params[0] ?? []),
    [1359, 63, 86, `thunk from <${ATTRS_STR}>`],
    [1359, 26, 87, ''],
  ],
  /** An attribute's `' %s="%s"' % [k, attrs[k]]`: its value read, then printed. */
  attrValue: [
    [1359, 44, 52, `thunk from <thunk from <thunk from <${ATTRS_STR}>>>`],
    ...formatFrames({ step: 'forced', type: 's', left: false }, 'array'),
    ...MOD_FORMAT,
    [1359, 27, 53, ''],
  ],
  attrPrinted: [
    ...formatFrames({ step: 'printed', type: 's', left: false }, 'array'),
    ...MOD_FORMAT,
    [1359, 27, 53, ''],
  ],
  attrsStrLocal: [[1359, 13, 88, ATTRS_STR]],
  deepJoinType: [[347, 7, 63, ANON]],
} as const satisfies Record<string, StdFrame | readonly StdFrame[]>;

/** A part of the list aux gives std.deepJoin: text, a nested list, or a value read when reached. */
type Part = string | Part[] | { site: StdFrame; read: () => Value };

function once(f: () => Value): () => Value {
  let done = false;
  let v: Value = null;
  return () => {
    if (!done) {
      v = f();
      done = true;
    }
    return v;
  };
}

/** std.deepJoin of a list: each element an inner level (std.join of `std.deepJoin(x)`). */
function joinParts(list: readonly Part[]): string {
  let out = '';
  for (const part of list) out += framed(() => joinPart(part), JOIN_LEVEL);
  return out;
}

function joinPart(part: Part): string {
  if (typeof part === 'string') return part;
  if (Array.isArray(part)) return joinParts(part);
  return joinValue(framed(part.read, [part.site, ...IS_STRING]));
}

function joinValue(v: Value): string {
  if (typeof v === 'string') return v;
  if (!(v instanceof JArray))
    throw stdError(`Expected string or array, got ${typeOf(v)}`, FRAMES.deepJoinType);
  let out = '';
  for (let i = 0; i < v.length; i++)
    out += framed(() => joinValue(framed(() => force(v.slot(i)), IS_STRING)), JOIN_LEVEL);
  return out;
}

/** `v[0]`, as go-jsonnet indexes a value that is not a string. */
function first(v: Value): Value {
  if (v instanceof JArray) {
    if (v.length === 0) throw rtError('Index 0 out of bounds, not within [0, 0)');
    return force(v.slot(0));
  }
  if (v instanceof JObject) throw rtError('Unexpected type number, expected string');
  const goType =
    v === null ? 'Null' : typeof v === 'number' ? 'Number' : typeof v === 'boolean' ? 'Boolean' : 'Function';
  throw rtError(`Value non indexable: *jsonnet.value${v instanceof JFunction ? 'Function' : goType}`);
}

function attributes(attrs: JObject): string {
  let out = '';
  for (const k of visibleFields(attrs)) {
    const v = framed(() => getField(attrs, k, undefined), FRAMES.attrValue);
    out += ` ${k}="${framed(() => (typeof v === 'string' ? v : manifestSingleLine(v)), FRAMES.attrPrinted)}"`;
  }
  return out;
}

/** aux(v): a string as it is, anything else an element `[tag, {attrs}?, children…]`. */
function aux(v: Value): string {
  if (typeof v === 'string') return v;
  const tag = once(() => framed(() => first(v), FRAMES.tag));
  // Read after the tag: `v` is then a non-empty array.
  const elements = v as JArray;
  let hasAttrs = false;
  const attrsStr = once(() =>
    framed(() => {
      const second = elements.length > 1 ? framed(() => force(elements.slot(1)), FRAMES.attrsElement) : null;
      hasAttrs = second instanceof JObject;
      return second instanceof JObject ? attributes(second) : '';
    }, FRAMES.attrsStrLocal),
  );
  const children = (): Part[] =>
    elements
      .slots()
      .slice(hasAttrs ? 2 : 1)
      .map((x) => ({ site: FRAMES.child, read: () => aux(framed(() => force(x), FRAMES.childValue)) }));
  const list: Part[] = [
    '<',
    { site: FRAMES.firstTag, read: tag },
    { site: FRAMES.attrsStr, read: attrsStr },
    '>',
  ];
  return framed(() => {
    let out = joinParts(list);
    out += framed(() => joinParts(children()), JOIN_LEVEL);
    return out + joinParts(['</', { site: FRAMES.lastTag, read: tag }, '>']);
  }, FRAMES.deepJoin);
}

export const xmlManifestBuiltins: Builtin[] = [
  def('manifestXmlJsonml', ['value'], (a) => {
    const v = forced(a, 0, FRAMES.value);
    if (!(v instanceof JArray))
      throw stdError(`Expected a JSONML value (an array), got ${typeOf(v)}`, FRAMES.notArray);
    return framed(() => aux(v), FRAMES.top);
  }),
];
