// The helpers of go-jsonnet v0.22 internal/formatter/jsonnetfmt.go (Apache-2.0) that find a node's
// opening fodder: a left-recursive node (e.g. a Binary) keeps it in its leftmost sub-expression.
import { Apply, ApplyBrace, Binary, Index, InSuper, Slice, type Fodder, type Node } from './ast.js';

/** If left recursive, the left hand side, else null. */
export function leftRecursive(expr: Node): Node | null {
  if (expr instanceof Apply) return expr.target;
  if (expr instanceof ApplyBrace) return expr.left;
  if (expr instanceof Binary) return expr.left;
  if (expr instanceof Index) return expr.target;
  if (expr instanceof InSuper) return expr.index;
  if (expr instanceof Slice) return expr.target;
  return null;
}

/** The transitive closure of leftRecursive: the node whose `fodder` is expr's opening fodder. */
export function leftRecursiveDeep(expr: Node): Node {
  let last = expr;
  let left = leftRecursive(expr);
  while (left !== null) {
    last = left;
    left = leftRecursive(last);
  }
  return last;
}

/** Go's openFodder returns a pointer; the array is what callers mutate in place. */
export function openFodder(node: Node): Fodder {
  return leftRecursiveDeep(node).fodder;
}
