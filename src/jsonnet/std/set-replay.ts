// go-jsonnet v0.22 writes std.uniq, std.set, std.setMember, std.setUnion, std.setInter and
// std.setDiff in Jsonnet (std.jsonnet); kf's natives compute each key once and search by halves.
// When one of them fails, the call is replayed here the way go-jsonnet's code runs it (its keyF
// calls, comparisons and tail calls, in its order), so that the error coming out is go-jsonnet's,
// with its `<std>` frames (positions in its std.jsonnet, as in std-frames.ts). Runs only after kf's
// own code failed: nothing here costs a call that succeeds.
import { JsonnetError } from '../errors.js';
import { codepoints, compare, equals } from '../evaluator.js';
import { rtError } from '../runtime.js';
import { afterElement, framed, stdError, withStdFrames, type StdFrame } from '../std-frames.js';
import { JArray, JFunction, JObject, Thunk, typeOf, type Slot, type Value } from '../values.js';
import { call } from './args.js';

const ANON = 'function <anonymous>';
const IN_ANON = 'thunk from <function <anonymous>>';
const AUX = 'function <aux>';
const IN_AUX = 'thunk from <function <aux>>';

/** std.jsonnet's `local id = function(x) x`, the default keyF: its body. */
const ID_BODY: StdFrame = [26, 26, 27, ANON];

/** Where go-jsonnet's code computes a key: the keyF call (and what forces it), its `a[i]`. */
interface KeySite {
  call: readonly StdFrame[];
  index: readonly StdFrame[];
}

/**
 * The keys of an array's elements computed so far, by index, and the error of the one that failed:
 * kf's code and the replay share it, so that no key is computed twice (a failing one would be
 * evaluated again, and again at each level of nested calls).
 */
export class KeyTable {
  readonly keys: Value[] = [];
  failedAt = -1;
  error: unknown = undefined;

  /** Element `i`'s key: `keyF(slot)`, or the element itself (undefined keyF, std.jsonnet's id). */
  of(i: number, slot: Slot, keyF: JFunction | undefined): Value {
    const known = this.keys[i];
    if (known !== undefined) return known;
    try {
      const k = keyF === undefined ? (slot instanceof Thunk ? slot.force() : slot) : call(keyF, slot);
      this.keys[i] = k;
      return k;
    } catch (e) {
      this.failedAt = i;
      this.error = e;
      throw e;
    }
  }
}

/**
 * Element `i`'s key as go-jsonnet's `keyF(a[i])` computes it: an error forcing the element gets
 * `a[i]`'s frames after its own (and std.jsonnet's id's), then the call's.
 */
function keyAt(
  table: KeyTable,
  i: number,
  slot: Slot,
  keyF: Value | undefined,
  site: KeySite,
  indexPrefix: readonly StdFrame[],
): Value {
  const known = table.keys[i];
  if (known !== undefined) return known;
  try {
    if (keyF !== undefined && !(keyF instanceof JFunction))
      throw rtError(`Unexpected type ${typeOf(keyF)}, expected function`);
    try {
      if (i === table.failedAt) throw table.error;
      return table.of(i, slot, keyF);
    } catch (e) {
      if (e instanceof JsonnetError && e.kind === 'runtime') {
        afterElement(e, slot, [...indexPrefix, ...site.index]);
        if (keyF === undefined) withStdFrames(e, [ID_BODY]);
      }
      throw e;
    }
  } catch (e) {
    throw withStdFrames(e, site.call);
  }
}

/** The elements of what go-jsonnet's code indexes (`a[i]`); undefined for what kf does not replay. */
function slotsOf(v: Value, length: StdFrame): Slot[] | undefined {
  if (v instanceof JArray) return v.slots();
  if (typeof v === 'string') return codepoints(v);
  if (v instanceof JObject || v instanceof JFunction) return undefined;
  throw stdError(`Unexpected type ${typeOf(v)}`, [length]);
}

interface SetSpec {
  lengthA: StdFrame;
  lengthB: StdFrame;
  keyA: KeySite;
  keyB: KeySite;
  equal: StdFrame;
  less: StdFrame;
  /** The tail calls when the keys are equal, `a`'s is less, `b`'s is less. */
  both: StdFrame;
  a: StdFrame;
  b: StdFrame;
  /** The function's call of aux, and whether it is tailstrict (its frame goes at the first tail call). */
  first: StdFrame;
  firstTailstrict: boolean;
}

const keySite = (line: number, column: number): KeySite => ({
  call: [[line, column, column + 10, AUX]],
  index: [[line, column + 5, column + 9, IN_AUX]],
});

/** setUnion's `local ak = keyF(a[i])`, forced by `ak == bk`. */
const localKey = (name: 'ak' | 'bk', line: number, use: number): KeySite => ({
  call: [
    [line, 20, 30, `thunk <${name}> from <function <aux>>`],
    [1506, use, use + 2, AUX],
  ],
  index: [[line, 25, 29, `thunk from <thunk <${name}> from <function <aux>>>`]],
});

const SETS: Record<'inter' | 'union' | 'diff', SetSpec> = {
  inter: {
    lengthA: [1516, 15, 28, AUX],
    lengthB: [1516, 37, 50, AUX],
    keyA: keySite(1519, 12),
    keyB: keySite(1519, 26),
    equal: [1519, 12, 36, AUX],
    less: [1521, 17, 40, AUX],
    both: [1520, 11, 48, AUX],
    a: [1522, 11, 35, AUX],
    b: [1524, 11, 35, AUX],
    first: [1525, 5, 24, ANON],
    firstTailstrict: true,
  },
  union: {
    lengthA: [1499, 15, 28, AUX],
    lengthB: [1501, 20, 33, AUX],
    keyA: localKey('ak', 1504, 12),
    keyB: localKey('bk', 1505, 18),
    equal: [1506, 12, 20, AUX],
    less: [1508, 17, 24, AUX],
    both: [1507, 11, 48, AUX],
    a: [1509, 11, 44, AUX],
    b: [1511, 11, 44, AUX],
    first: [1512, 5, 24, ANON],
    firstTailstrict: false,
  },
  diff: {
    lengthA: [1529, 15, 28, AUX],
    lengthB: [1531, 20, 33, AUX],
    keyA: keySite(1534, 12),
    keyB: keySite(1534, 26),
    equal: [1534, 12, 36, AUX],
    less: [1536, 17, 40, AUX],
    both: [1535, 11, 39, AUX],
    a: [1537, 11, 44, AUX],
    b: [1539, 11, 35, AUX],
    first: [1540, 5, 24, ANON],
    firstTailstrict: true,
  },
};

/**
 * go-jsonnet's setInter / setUnion / setDiff of `a` and `b` (forced already): their aux loop, an
 * error carrying its frames, the latest tail call's, then `outer` (setMember's). `aIndexPrefix`:
 * frames of `a`'s elements before `a[i]` (setMember's `[x]`). Undefined when kf does not replay it.
 */
export function replaySetOp(
  op: 'inter' | 'union' | 'diff',
  a: Value,
  b: Value,
  keyF: Value | undefined,
  tables: readonly [KeyTable, KeyTable],
  outer: readonly StdFrame[] = [],
  aIndexPrefix: readonly StdFrame[] = [],
): Value | undefined {
  const spec = SETS[op];
  let tail: StdFrame | undefined;
  const acc: Slot[] = [];
  let i = 0;
  let j = 0;
  try {
    // Its `std.length(a)` first, then `std.length(b)` unless `a` is used up (the same each time round).
    const as = slotsOf(a, spec.lengthA);
    if (as === undefined) return undefined;
    if (as.length === 0 && op !== 'union') return new JArray([]);
    const bs = slotsOf(b, spec.lengthB);
    if (bs === undefined) return undefined;
    for (;;) {
      if (i >= as.length) return new JArray(op === 'union' ? [...acc, ...bs.slice(j)] : acc);
      if (j >= bs.length) return new JArray(op === 'inter' ? acc : [...acc, ...as.slice(i)]);
      const ka = keyAt(tables[0], i, as[i], keyF, spec.keyA, aIndexPrefix);
      const kb = keyAt(tables[1], j, bs[j], keyF, spec.keyB, []);
      if (framed(() => equals(ka, kb), [spec.equal])) {
        if (op !== 'diff') acc.push(as[i]);
        i++;
        j++;
        tail = spec.both;
      } else if (framed(() => compare(ka, kb), [spec.less]) < 0) {
        if (op !== 'inter') acc.push(as[i]);
        i++;
        tail = spec.a;
      } else {
        if (op === 'union') acc.push(bs[j]);
        j++;
        tail = spec.b;
      }
    }
  } catch (e) {
    const frames = tail === undefined ? [spec.first] : spec.firstTailstrict ? [tail] : [tail, spec.first];
    throw withStdFrames(e, [...frames, ...outer]);
  }
}

/** std.setMember(x, arr, keyF): `std.length(std.setInter([x], arr, keyF)) > 0`. */
export function replaySetMember(
  x: Slot,
  arr: Value,
  keyF: Value | undefined,
  tables: readonly [KeyTable, KeyTable],
): Value | undefined {
  const found = replaySetOp(
    'inter',
    new JArray([x]),
    arr,
    keyF,
    tables,
    [
      [1494, 16, 44, IN_ANON],
      [1494, 5, 45, ANON],
    ],
    [[1494, 30, 31, 'thunk from <thunk from <thunk from <function <anonymous>>>>']],
  );
  return found === undefined ? undefined : (found as JArray).length > 0;
}

const UNIQ_LAST: KeySite = {
  call: [[1483, 15, 41, 'function <f>']],
  index: [[1483, 20, 40, 'thunk from <function <f>>']],
};
const UNIQ_NEXT: KeySite = {
  call: [[1483, 45, 52, 'function <f>']],
  index: [[1483, 50, 51, 'thunk from <function <f>>']],
};

/** std.uniq(arr, keyF): `std.foldl(f, arr, [])`, f comparing the keys of its last and the next. */
export function replayUniq(
  arr: Value,
  keyF: Value | undefined,
  table: KeyTable,
  outer: readonly StdFrame[] = [],
): Value {
  const foldl: StdFrame[] = [[1487, 5, 26, ANON], ...outer];
  if (!(arr instanceof JArray) && typeof arr !== 'string')
    throw stdError(`foldl second parameter should be string or array, got ${typeOf(arr)}`, foldl);
  const slots = arr instanceof JArray ? arr.slots() : codepoints(arr);
  // The indexes of the elements kept.
  const acc: number[] = [];
  try {
    for (let j = 0; j < slots.length; j++) {
      if (acc.length > 0) {
        const last = acc[acc.length - 1];
        const ka = keyAt(table, last, slots[last], keyF, UNIQ_LAST, []);
        const kb = keyAt(table, j, slots[j], keyF, UNIQ_NEXT, []);
        if (framed(() => equals(ka, kb), [[1483, 15, 52, 'function <f>']])) continue;
      }
      acc.push(j);
    }
  } catch (e) {
    throw withStdFrames(e, foldl);
  }
  return new JArray(acc.map((j) => slots[j]));
}

/** std.set(arr, keyF): `std.uniq(std.sort(arr, keyF), keyF)`; its sort, forced by std.uniq's foldl. */
export const SET_SORT: readonly StdFrame[] = [
  [1490, 14, 33, IN_ANON],
  [1487, 18, 21, IN_ANON],
  [1487, 5, 26, ANON],
  [1490, 5, 40, ANON],
];

/** std.set's std.uniq of the sorted elements (their keys known). */
export function replaySetUniq(sorted: Slot[], keys: Value[], keyF: Value | undefined): Value {
  const table = new KeyTable();
  keys.forEach((k, i) => (table.keys[i] = k));
  return replayUniq(new JArray(sorted), keyF, table, [[1490, 5, 40, ANON]]);
}

/**
 * kf's own error `e` of a set function, or go-jsonnet's: `replay` runs go-jsonnet's way, throwing
 * its error, or returning its value (when its code does not fail where kf's did) or undefined. An
 * argument that failed (a thunk still unevaluated) is not evaluated again: kf's error stands.
 */
export function orReplay(
  e: unknown,
  args: readonly (Slot | undefined)[],
  replay: () => Value | undefined,
): Value {
  if (!(e instanceof JsonnetError) || e.kind !== 'runtime') throw e;
  for (const s of args) if (s instanceof Thunk && s.pending) throw e;
  const v = replay();
  if (v === undefined) throw e;
  return v;
}
