// The helpers of go-jsonnet v0.22 internal/formatter/jsonnetfmt.go (Apache-2.0) that find a node's
// opening fodder: a left-recursive node (e.g. a Binary) keeps it in its leftmost sub-expression.
import { NodeType, type Fodder, type Node } from './ast.js';

/** If left recursive, the left hand side, else null. */
export function leftRecursive(expr: Node): Node | null {
  switch (expr.nodeType) {
    case NodeType.Apply:
      return expr.target;
    case NodeType.ApplyBrace:
      return expr.left;
    case NodeType.Binary:
      return expr.left;
    case NodeType.Index:
      return expr.target;
    case NodeType.InSuper:
      return expr.index;
    case NodeType.Slice:
      return expr.target;
    default:
      return null;
  }
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
