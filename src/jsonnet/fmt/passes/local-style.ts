// Seven of jsonnetfmt's passes in one walk of the AST: FixTrailingCommas, FixParens,
// RemovePlusObject, NoRedundantSliceColon, PrettyFieldNames, EnforceStringStyle and
// EnforceCommentStyle, which go-jsonnet runs one after the other, each over the whole file. A walk
// is much of a formatter run that V8 has not optimised yet, and these passes can share one:
// - each changes a node, and moves fodder, only within that node and below it;
// - here each node is changed, by every pass in Go's order, before its own fodder and its children
//   are visited, so a pass meets every node, fodder and string as it is once the passes before it
//   have run over the whole file; a subtree a pass drops (((e)) → (e), ['f'] → f) is not visited,
//   as in Go;
// - the comment style's one state (the file's first fodder, where #! stays) follows the order the
//   walk visits fodder in, which is Base's on the changed tree, as in Go.
import {
  NodeType,
  type Array as ArrayNode,
  type ArrayComp,
  type FodderElement,
  type Index,
  type LiteralString,
  type Node,
  type Object as ObjectNode,
  type ObjectComp,
  type ObjectField,
  type Slice,
} from '../ast.js';
import type { FormatOptions } from '../index.js';
import { Base, type Context, type Ref } from '../pass.js';
import { enforceCommentStyle } from './enforce-comment-style.js';
import { enforceStringStyle } from './enforce-string-style.js';
import { fixParens } from './fix-parens.js';
import {
  arrayCompTrailingComma,
  arrayTrailingComma,
  objectCompTrailingComma,
  objectTrailingComma,
} from './fix-trailing-commas.js';
import { noRedundantSliceColon } from './no-redundant-slice-colon.js';
import { prettyFieldName, prettyIndex } from './pretty-field-names.js';
import { removePlusObject } from './remove-plus-object.js';

/**
 * Whether LocalStyle stands for the passes with these options: with the implicit plus (its
 * opposite, AddPlusObject, is not one of them) and no strip pass (which Go runs in between).
 */
export function canFuseLocalStyle(options: FormatOptions): boolean {
  return (
    options.useImplicitPlus &&
    !options.stripComments &&
    !options.stripAllButComments &&
    !options.stripEverything
  );
}

export class LocalStyle extends Base {
  private seenFirstFodder = false;

  constructor(private readonly options: FormatOptions) {
    super();
  }

  /** FixParens and RemovePlusObject, before Base visits the node's fodder (where FixParens moves some). */
  override visit(slot: Ref<Node>, ctx: Context): void {
    const node = slot.get();
    if (node.nodeType === NodeType.Parens) {
      fixParens(node);
    } else if (node.nodeType === NodeType.Binary) {
      removePlusObject(slot);
    }
    super.visit(slot, ctx);
  }

  override array(node: ArrayNode, ctx: Context): void {
    arrayTrailingComma(node);
    super.array(node, ctx);
  }

  override arrayComp(node: ArrayComp, ctx: Context): void {
    arrayCompTrailingComma(node);
    super.arrayComp(node, ctx);
  }

  override object(node: ObjectNode, ctx: Context): void {
    objectTrailingComma(node);
    super.object(node, ctx);
  }

  override objectComp(node: ObjectComp, ctx: Context): void {
    objectCompTrailingComma(node);
    super.objectComp(node, ctx);
  }

  override slice(node: Slice, ctx: Context): void {
    noRedundantSliceColon(node);
    super.slice(node, ctx);
  }

  override index(node: Index, ctx: Context): void {
    if (this.options.prettyFieldNames) {
      prettyIndex(node);
    }
    super.index(node, ctx);
  }

  override objectField(field: ObjectField, ctx: Context): void {
    if (this.options.prettyFieldNames) {
      prettyFieldName(field);
    }
    super.objectField(field, ctx);
  }

  override literalString(node: LiteralString, _ctx: Context): void {
    if (this.options.stringStyle !== 'l') {
      enforceStringStyle(node, this.options.stringStyle);
    }
  }

  override fodderElement(element: FodderElement, _ctx: Context): void {
    if (this.options.commentStyle !== 'l') {
      this.seenFirstFodder = enforceCommentStyle(element, this.options.commentStyle, this.seenFirstFodder);
    }
  }
}
