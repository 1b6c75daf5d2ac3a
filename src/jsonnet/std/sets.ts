// std: sorting and the set functions (std.sort, uniq, set, setMember, setUnion, setInter,
// setDiff). Keys are computed once and kept (KeyTable); go-jsonnet writes all but std.sort in
// Jsonnet, and when one fails its call is replayed go-jsonnet's way (set-replay.ts) for its error.
import { codepoints, compare, equals } from '../evaluator.js';
import { withStdFrames } from '../std-frames.js';
import { JArray, JFunction, type Slot, type Value } from '../values.js';
import { arr, call, def, opt, optFunc, val, type Args, type Builtin } from './args.js';
import {
  KeyTable,
  orReplay,
  replaySetMember,
  replaySetOp,
  replaySetUniq,
  replayUniq,
  SET_SORT,
} from './set-replay.js';

/** Set functions accept strings as arrays of characters, like the reference. */
function arrOrChars(args: Args, i: number, fn: string): JArray {
  const v = val(args[i]);
  if (typeof v === 'string') return new JArray(codepoints(v).slice());
  return arr(args, i, fn);
}

/**
 * The keys of `a`'s elements; with a `table`, kept there as they are computed (the set functions:
 * std/set-replay.ts reads them after a failure).
 */
function keysOf(a: JArray, keyF: JFunction | undefined, table?: KeyTable): Value[] {
  if (table !== undefined) {
    for (let i = 0; i < a.length; i++) table.of(i, a.slot(i), keyF);
    return table.keys;
  }
  const keys: Value[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) keys[i] = keyF ? call(keyF, a.slot(i)) : a.get(i);
  return keys;
}

/**
 * The arguments of a set function, forced in order before any is checked: after a failure, one
 * still unevaluated is one that failed (std/set-replay.ts's orReplay does not evaluate it again).
 */
function forceAll(args: Args, count = args.length): void {
  for (let i = 0; i < count; i++) val(args[i]);
}

/**
 * keyF, which go-jsonnet's Jsonnet calls only when two elements are compared: forced (and refused
 * if no function) only when `needed` (std.setUnion([1], [], keyF=null) is [1]).
 */
function keyFWhen(needed: boolean, args: Args, i: number, fn: string): JFunction | undefined {
  if (!needed) return undefined;
  val(args[i]);
  return optFunc(args, i, fn);
}

/** Stable sort of the elements by key; returns the sorted slots and their keys. */
function sortByKey(
  a: JArray,
  keyF: JFunction | undefined,
  table?: KeyTable,
): { slots: Slot[]; keys: Value[] } {
  const keys = keysOf(a, keyF, table);
  const idx = new Array<number>(a.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  let allNumbers = true;
  let allStrings = true;
  for (const k of keys) {
    if (typeof k !== 'number') allNumbers = false;
    if (typeof k !== 'string') allStrings = false;
  }
  if (allNumbers) idx.sort((x, y) => (keys[x] as number) - (keys[y] as number));
  else if (allStrings) {
    idx.sort((x, y) => {
      const p = keys[x] as string;
      const q = keys[y] as string;
      return p === q ? 0 : compareFast(p, q);
    });
  } else idx.sort((x, y) => compare(keys[x], keys[y]));
  return { slots: idx.map((i) => a.slot(i)), keys: idx.map((i) => keys[i]) };
}

function compareFast(a: string, b: string): number {
  return compare(a, b);
}

function uniqSorted(slots: Slot[], keys: Value[]): Slot[] {
  const out: Slot[] = [];
  for (let i = 0; i < slots.length; i++) {
    if (i === 0 || !equals(keys[i - 1], keys[i])) out.push(slots[i]);
  }
  return out;
}

function setOp(
  args: Args,
  fn: string,
  mode: 'inter' | 'union' | 'diff',
  tables: readonly [KeyTable, KeyTable],
): Value {
  forceAll(args, 2);
  const a = arrOrChars(args, 0, fn);
  const b = arrOrChars(args, 1, fn);
  const keyF = keyFWhen(a.length > 0 && b.length > 0, args, 2, fn);
  const ka = keysOf(a, keyF, tables[0]);
  const kb = keysOf(b, keyF, tables[1]);
  const out: Slot[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = compare(ka[i], kb[j]);
    if (c === 0) {
      if (mode !== 'diff') out.push(a.slot(i));
      i++;
      j++;
    } else if (c < 0) {
      if (mode !== 'inter') out.push(a.slot(i));
      i++;
    } else {
      if (mode === 'union') out.push(b.slot(j));
      j++;
    }
  }
  if (mode !== 'inter') for (; i < a.length; i++) out.push(a.slot(i));
  if (mode === 'union') for (; j < b.length; j++) out.push(b.slot(j));
  return new JArray(out);
}

/** kf's set operation; when it fails, go-jsonnet's replayed (std/set-replay.ts). */
function setOpOrReplay(args: Args, fn: string, mode: 'inter' | 'union' | 'diff'): Value {
  const tables = [new KeyTable(), new KeyTable()] as const;
  try {
    return setOp(args, fn, mode, tables);
  } catch (e) {
    return orReplay(e, args, () => replaySetOp(mode, val(args[0]), val(args[1]), optVal(args[2]), tables));
  }
}

/** An optional argument's value; undefined when not given. */
function optVal(s: Slot | undefined): Value | undefined {
  return s === undefined ? undefined : val(s);
}

/** Binary search by key (go-jsonnet's setMember goes through every element: replayed on error). */
function setMember(args: Args, tables: readonly [KeyTable, KeyTable]): boolean {
  // `x` is forced by its key (keyF's call), as in go-jsonnet; nothing is compared in an empty set.
  val(args[1]);
  const a = arrOrChars(args, 1, 'setMember');
  if (a.length === 0) return false;
  const keyF = keyFWhen(true, args, 2, 'setMember');
  const x = tables[0].of(0, args[0] as Slot, keyF);
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = tables[1].of(mid, a.slot(mid), keyF);
    const c = compare(k, x);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export const setBuiltins: Builtin[] = [
  def('sort', ['arr', opt('keyF')], (args) => {
    const a = arrOrChars(args, 0, 'sort');
    return new JArray(sortByKey(a, optFunc(args, 1, 'sort')).slots);
  }),
  def('uniq', ['arr', opt('keyF')], (args) => {
    const table = new KeyTable();
    try {
      forceAll(args, 1);
      const a = arrOrChars(args, 0, 'uniq');
      const keyF = keyFWhen(a.length > 1, args, 1, 'uniq');
      return new JArray(uniqSorted(a.slots(), keysOf(a, keyF, table)));
    } catch (e) {
      return orReplay(e, args, () => replayUniq(val(args[0]), optVal(args[1]), table));
    }
  }),
  def('set', ['arr', opt('keyF')], (args) => {
    let sorted: { slots: Slot[]; keys: Value[] } | undefined;
    try {
      forceAll(args);
      sorted = sortByKey(arrOrChars(args, 0, 'set'), optFunc(args, 1, 'set'));
      return new JArray(uniqSorted(sorted.slots, sorted.keys));
    } catch (e) {
      const done = sorted;
      // A failure of the sort (a builtin in go-jsonnet too) is its, under std.set's frames.
      if (done === undefined)
        return orReplay(e, args, () => {
          throw withStdFrames(e, SET_SORT);
        });
      return orReplay(e, args, () => replaySetUniq(done.slots, done.keys, optVal(args[1])));
    }
  }),
  def('setInter', ['a', 'b', opt('keyF')], (args) => setOpOrReplay(args, 'setInter', 'inter')),
  def('setUnion', ['a', 'b', opt('keyF')], (args) => setOpOrReplay(args, 'setUnion', 'union')),
  def('setDiff', ['a', 'b', opt('keyF')], (args) => setOpOrReplay(args, 'setDiff', 'diff')),
  def('setMember', ['x', 'arr', opt('keyF')], (args) => {
    const tables = [new KeyTable(), new KeyTable()] as const;
    try {
      return setMember(args, tables);
    } catch (e) {
      return orReplay(e, args.slice(1), () =>
        replaySetMember(args[0] as Slot, val(args[1]), optVal(args[2]), tables),
      );
    }
  }),
];
