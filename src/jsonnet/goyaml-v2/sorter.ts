// goyaml.v2's sorter.go (Apache-2.0, Copyright 2011-2016 Canonical Ltd): the order in which
// yaml.Marshal writes a map's keys. For map[string]interface{} every key is a string, so only
// keyList.Less's string branch is reached. Not byte order: runs of digits compare as numbers (in
// int64, wrapping like Go's) and letters sort after other characters. yaml.v3's sorter adds a rule
// for a letter after a common digit (keyLess in ../libyaml-chars.ts); without it, v2's order has cycles
// (a2 < a10 < a1B < a2), and for such keys Go's result depends on its random map order.
import { codePoints, keyLess as goKeyLess } from '../libyaml-chars.js';

const keyLess = (a: number[], b: number[]) => goKeyLess(a, b, false);

/** sort.Sort(keyList(keys)) for string keys. */
export function sortKeys(keys: string[]): string[] {
  const runes = keys.map((key) => ({ key, chars: codePoints(key) }));
  runes.sort((x, y) => (keyLess(x.chars, y.chars) ? -1 : keyLess(y.chars, x.chars) ? 1 : 0));
  return runes.map(({ key }) => key);
}

/**
 * Whether keyList.Less orders these keys without a cycle, so that yaml.v2 writes them in one order
 * whatever order Go's map gives them in (O(n²)).
 */
export function hasDefinedOrder(keys: string[]): boolean {
  const sorted = sortKeys(keys).map(codePoints);
  return sorted.every((b, j) => sorted.slice(0, j).every((a) => !keyLess(b, a)));
}
