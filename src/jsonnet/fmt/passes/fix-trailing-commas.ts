// Port of go-jsonnet v0.22 internal/formatter/fix_trailing_commas.go (Apache-2.0): a list split
// over several lines gets a trailing comma, one on a single line loses it.
import {
  fodderMoveFront,
  FodderKind,
  type Array as ArrayNode,
  type ArrayComp,
  type Fodder,
  type Object as ObjectNode,
  type ObjectComp,
} from '../ast.js';
import { Base, type Context } from '../pass.js';

function containsNewline(fodder: Fodder): boolean {
  for (let i = 0; i < fodder.length; i++) {
    const f = fodder[i];
    if (f.kind !== FodderKind.FodderInterstitial) {
      return true;
    }
  }
  return false;
}

/** The node whose trailingComma Go's `*bool` points at. */
interface HasTrailingComma {
  trailingComma: boolean;
}

function fixComma(lastCommaFodder: Fodder, node: HasTrailingComma, closeFodder: Fodder): void {
  const needComma = containsNewline(closeFodder) || containsNewline(lastCommaFodder);
  if (node.trailingComma) {
    if (!needComma) {
      // Remove it but keep fodder.
      node.trailingComma = false;
      fodderMoveFront(closeFodder, lastCommaFodder);
    } else if (containsNewline(lastCommaFodder)) {
      // The comma is needed but currently is separated by a newline.
      fodderMoveFront(closeFodder, lastCommaFodder);
    }
  } else {
    if (needComma) {
      // There was no comma, but there was a newline before the ] so add a comma.
      node.trailingComma = true;
    }
  }
}

function removeComma(lastCommaFodder: Fodder, node: HasTrailingComma, closeFodder: Fodder): void {
  if (node.trailingComma) {
    // Remove it but keep fodder.
    node.trailingComma = false;
    fodderMoveFront(closeFodder, lastCommaFodder);
  }
}

// FixTrailingCommas' change to each kind of node (also made by LocalStyle).

export function arrayTrailingComma(node: ArrayNode): void {
  if (node.elements.length > 0) {
    fixComma(node.elements[node.elements.length - 1].commaFodder, node, node.closeFodder);
  }
}

export function arrayCompTrailingComma(node: ArrayComp): void {
  removeComma(node.trailingCommaFodder, node, node.spec.forFodder);
}

export function objectTrailingComma(node: ObjectNode): void {
  if (node.fields.length > 0) {
    fixComma(node.fields[node.fields.length - 1].commaFodder, node, node.closeFodder);
  }
}

export function objectCompTrailingComma(node: ObjectComp): void {
  removeComma(node.fields[node.fields.length - 1].commaFodder, node, node.spec.forFodder);
}

export class FixTrailingCommas extends Base {
  override array(node: ArrayNode, ctx: Context): void {
    if (node.elements.length === 0) {
      // No comma present and none can be added.
      return;
    }
    arrayTrailingComma(node);
    super.array(node, ctx);
  }

  override arrayComp(node: ArrayComp, ctx: Context): void {
    arrayCompTrailingComma(node);
    super.arrayComp(node, ctx);
  }

  override object(node: ObjectNode, ctx: Context): void {
    if (node.fields.length === 0) {
      // No comma present and none can be added.
      return;
    }
    objectTrailingComma(node);
    super.object(node, ctx);
  }

  override objectComp(node: ObjectComp, ctx: Context): void {
    objectCompTrailingComma(node);
    super.objectComp(node, ctx);
  }
}
