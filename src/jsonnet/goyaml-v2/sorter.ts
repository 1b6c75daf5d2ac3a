// goyaml.v2's sorter.go (Apache-2.0, Copyright 2011-2016 Canonical Ltd): the order in which
// yaml.Marshal writes a map's keys. For map[string]interface{} every key is a string, so only
// keyList.Less's string branch is reached. Not byte order: runs of digits compare as numbers (in
// int64, wrapping like Go's) and letters sort after other characters. yaml.v3's sorter adds a rule
// for a letter after a common digit (../yaml-v3/emitter.ts); without it, v2's order has cycles
// (a2 < a10 < a1B < a2), and for such keys Go's result depends on its random map order.
import { codePoints, isDigit, isLetter } from '../libyaml-chars.js';

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

/** keyList.Less of two strings, as []rune. */
function keyLess(ar: number[], br: number[]): boolean {
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const [ai0, bi0] = [ar[i] as number, br[i] as number];
    if (ai0 === bi0) continue;
    const al = isLetter(ai0);
    const bl = isLetter(bi0);
    if (al && bl) return ai0 < bi0;
    if (al || bl) return bl;
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
