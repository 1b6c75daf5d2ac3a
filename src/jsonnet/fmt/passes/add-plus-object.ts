// Port of go-jsonnet v0.22 internal/formatter/add_plus_object.go (Apache-2.0), with the operator
// precedences of internal/ast/ast.go it needs.
import { Apply, ApplyBrace, Binary, BinaryOp, Index, InSuper, Parens, Unary, type Node } from '../ast.js';
import { Base, copyNodeBase, type Context, type Ref } from '../pass.js';

// internal/ast: UnaryPrecedence and the binary operators' precedences.
const unaryPrecedence = 4;
const bopPrecedence: Record<BinaryOp, number> = {
  [BinaryOp.BopMult]: 5,
  [BinaryOp.BopDiv]: 5,
  [BinaryOp.BopPercent]: 5,
  [BinaryOp.BopPlus]: 6,
  [BinaryOp.BopMinus]: 6,
  [BinaryOp.BopShiftL]: 7,
  [BinaryOp.BopShiftR]: 7,
  [BinaryOp.BopGreater]: 8,
  [BinaryOp.BopGreaterEq]: 8,
  [BinaryOp.BopLess]: 8,
  [BinaryOp.BopLessEq]: 8,
  [BinaryOp.BopIn]: 8,
  [BinaryOp.BopManifestEqual]: 9,
  [BinaryOp.BopManifestUnequal]: 9,
  [BinaryOp.BopBitwiseAnd]: 10,
  [BinaryOp.BopBitwiseXor]: 11,
  [BinaryOp.BopBitwiseOr]: 12,
  [BinaryOp.BopAnd]: 13,
  [BinaryOp.BopOr]: 14,
};
const plusPrec = bopPrecedence[BinaryOp.BopPlus];

/**
 * The context of AddPlusObject is the parent node: the precedence of the context in which an
 * ApplyBrace becomes a Binary{+} decides whether parentheses are needed. For example
 * `{a:1} {b:2}(42)` needs them (Apply binds tighter than +), `{a:1} + {b:2} {c:3}` too (+ is
 * left-associative), `{a:1} {b:2} + {c:3}` does not, and `+ 42 {b:2}` does (unary plus binds
 * tighter). Formatting must cope with ASTs that parse but make no sense.
 */
interface PassCtx {
  parent: Node | null;
}

/** AddPlusObject replaces e {} with e + {}. */
export class AddPlusObject extends Base {
  override baseContext(): Context {
    return { parent: null } satisfies PassCtx;
  }

  override visit(node: Ref<Node>, ctx: Context): void {
    const applyBrace = node.get();
    if (applyBrace instanceof ApplyBrace) {
      const binary = new Binary({ left: applyBrace.left, op: BinaryOp.BopPlus, right: applyBrace.right });
      copyNodeBase(binary, applyBrace);
      node.set(binary);

      const c = ctx as PassCtx | null;
      if (c !== null && c.parent !== null) {
        let needsParens = false;
        const parent = c.parent;
        if (parent instanceof ApplyBrace) {
          throw new globalThis.Error(
            'parent implicit-plus should already have been replaced with explicit plus',
          );
        } else if (parent instanceof Apply) {
          // Apply binds tighter than Binary, so we need parens here; not as an argument (delimited).
          if (parent.target === node.get()) {
            needsParens = true;
          }
        } else if (parent instanceof Index) {
          // Index binds tighter than Binary; not in the context of node.index (delimited).
          if (parent.target === node.get()) {
            needsParens = true;
          }
        } else if (parent instanceof InSuper) {
          // We can only be on the left, because InSuper's RHS is always exactly `super`.
          needsParens = bopPrecedence[BinaryOp.BopIn] <= plusPrec;
        } else if (parent instanceof Binary) {
          const opPrec = bopPrecedence[parent.op];
          if (parent.left === node.get()) {
            needsParens = opPrec < plusPrec;
          } else {
            needsParens = opPrec <= plusPrec;
          }
        } else if (parent instanceof Unary) {
          needsParens = unaryPrecedence < plusPrec;
        }

        if (needsParens) {
          const parens = new Parens({ inner: node.get() });
          parens.fodder = binary.fodder;
          parens.locRange = binary.locRange;
          node.set(parens);
          binary.fodder = [];
        }
      }
    }

    // Note we Visit starting from the replacement node, we don't go directly to its children.
    super.visit(node, { parent: node.get() } satisfies PassCtx);
  }
}
