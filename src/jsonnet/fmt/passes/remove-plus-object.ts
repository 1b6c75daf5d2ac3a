// Port of go-jsonnet v0.22 internal/formatter/remove_plus_object.go (Apache-2.0).
import {
  ApplyBrace,
  Binary,
  BinaryOp,
  fodderMoveFront,
  Index,
  Object as ObjectNode,
  Var,
  type Node,
} from '../ast.js';
import { Base, copyNodeBase, type Context, type Ref } from '../pass.js';

/** RemovePlusObject's change to one slot (also made by LocalStyle). */
export function removePlusObject(node: Ref<Node>): void {
  const binary = node.get();
  if (binary instanceof Binary) {
    // Could relax this to allow more ASTs on the LHS but this seems OK for now.
    if (binary.left instanceof Var || binary.left instanceof Index) {
      const rhs = binary.right;
      if (rhs instanceof ObjectNode && binary.op === BinaryOp.BopPlus) {
        fodderMoveFront(rhs.fodder, binary.opFodder);
        const applyBrace = new ApplyBrace({ left: binary.left, right: rhs });
        copyNodeBase(applyBrace, binary);
        node.set(applyBrace);
      }
    }
  }
}

/** RemovePlusObject replaces e + { ... } with the implicit-plus e { ... } in some situations. */
export class RemovePlusObject extends Base {
  override visit(node: Ref<Node>, ctx: Context): void {
    removePlusObject(node);
    super.visit(node, ctx);
  }
}
