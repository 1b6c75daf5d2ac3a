// Port of go-jsonnet v0.22 internal/formatter/fix_parens.go (Apache-2.0).
import { fodderMoveFront, Parens } from '../ast.js';
import { openFodder } from '../left-recursive.js';
import { Base, type Context } from '../pass.js';

/** FixParens' change to one node (also made by LocalStyle): ((e)) becomes (e). */
export function fixParens(node: Parens): void {
  const innerParens = node.inner;
  if (innerParens instanceof Parens) {
    node.inner = innerParens.inner;
    fodderMoveFront(openFodder(node), innerParens.fodder);
    fodderMoveFront(node.closeFodder, innerParens.closeFodder);
  }
}

/** FixParens replaces ((e)) with (e). */
export class FixParens extends Base {
  override parens(node: Parens, ctx: Context): void {
    fixParens(node);
    super.parens(node, ctx);
  }
}
