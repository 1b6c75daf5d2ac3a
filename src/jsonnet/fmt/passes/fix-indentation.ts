// Port of go-jsonnet v0.22 internal/formatter/fix_indentation.go (Apache-2.0).
//
// Columns are counted as Go does, in bytes of UTF-8 (Go's len of a string).
import {
  binaryOpString,
  Dollar,
  FodderKind,
  LiteralStringKind,
  NodeType,
  ObjectComp,
  ObjectFieldHide,
  ObjectFieldKind,
  unaryOpString,
  type Fodder,
  type ForSpec,
  type Node,
  type ObjectField,
  type ObjectFields,
  type Parameter,
} from '../ast.js';
import type { FormatOptions } from '../index.js';
import { leftRecursive, leftRecursiveDeep, openFodder } from '../left-recursive.js';

/** Not ASCII: a string without it has as many UTF-8 bytes as UTF-16 units. */
const NON_ASCII = /[\u0080-\uFFFF]/;

/** Go's len(s): the length of s in UTF-8 bytes. */
function utf8Length(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * The indentation level. lineUp is what is generally used to indent after a new line; base helps
 * derive a new indent when the level increases (lineUp is generally > base). In
 *
 *	____foobar(1,
 *	___________2)
 *
 * at the AST representing the 2, base is 4 and lineUp is 11.
 */
interface Indent {
  base: number;
  lineUp: number;
}

/**
 * FixIndentation changes the indentation of new line fodder so that it follows the nested
 * structure of the code. It models the unparser, tracking the column it would print at.
 */
export class FixIndentation {
  private column = 0;

  constructor(private readonly options: FormatOptions) {}

  /**
   * Sets the indentation values within the fodder elements: the last one gets lastIndent, all
   * the others allButLastIndent.
   */
  private setIndents(fodder: Fodder, allButLastIndent: number, lastIndent: number): void {
    // First count how many there are.
    let count = 0;
    for (let i = 0; i < fodder.length; i++) {
      const f = fodder[i];
      if (f.kind !== FodderKind.FodderInterstitial) {
        count++;
      }
    }
    // Now set the indents.
    let i = 0;
    for (let k = 0; k < fodder.length; k++) {
      const f = fodder[k];
      if (f.kind !== FodderKind.FodderInterstitial) {
        if (i + 1 < count) {
          f.indent = allButLastIndent;
        } else {
          if (i !== count - 1) {
            throw new globalThis.Error("Shouldn't get here");
          }
          f.indent = lastIndent;
        }
        i++;
      }
    }
  }

  /**
   * Sets the indentation on the fodder elements and adjusts this.column as if it was printed
   * (crowded and separateToken as in the unparser's fill).
   */
  private fillLast(
    fodder: Fodder,
    crowded: boolean,
    separateToken: boolean,
    allButLastIndent: number,
    lastIndent: number,
  ): void {
    this.setIndents(fodder, allButLastIndent, lastIndent);

    // A model of unparser.fill that just keeps track of the column counter.
    for (let i = 0; i < fodder.length; i++) {
      const fod = fodder[i];
      switch (fod.kind) {
        case FodderKind.FodderParagraph:
          this.column = fod.indent;
          crowded = false;
          break;

        case FodderKind.FodderLineEnd:
          this.column = fod.indent;
          crowded = false;
          break;

        case FodderKind.FodderInterstitial:
          if (crowded) {
            this.column++;
          }
          this.column += utf8Length(fod.comment[0]);
          crowded = true;
          break;
      }
    }
    if (separateToken && crowded) {
      this.column++;
    }
  }

  /** fillLast where the final and prior fodder get the same indent. */
  private fill(fodder: Fodder, crowded: boolean, separateToken: boolean, indent: number): void {
    this.fillLast(fodder, crowded, separateToken, indent, indent);
  }

  /**
   * The indentation of sub-expressions: if the first is on the same line as the current node,
   * the next ones are lined up, otherwise they go on the next line indented by options.indent.
   */
  private newIndent(firstFodder: Fodder, old: Indent, lineUp: number): Indent {
    if (firstFodder.length === 0 || firstFodder[0].kind === FodderKind.FodderInterstitial) {
      return { base: old.base, lineUp };
    }
    // Reset
    return { base: old.base + this.options.indent, lineUp: old.base + this.options.indent };
  }

  /** As newIndent, but lined-up sub-expressions also base their own indentation on the column. */
  private newIndentStrong(firstFodder: Fodder, old: Indent, lineUp: number): Indent {
    if (firstFodder.length === 0 || firstFodder[0].kind === FodderKind.FodderInterstitial) {
      return { base: lineUp, lineUp };
    }
    // Reset
    return { base: old.base + this.options.indent, lineUp: old.base + this.options.indent };
  }

  /** As newIndent, but sub-expressions on the next line get no additional indent. */
  private align(firstFodder: Fodder, old: Indent, lineUp: number): Indent {
    if (firstFodder.length === 0 || firstFodder[0].kind === FodderKind.FodderInterstitial) {
      return { base: old.base, lineUp };
    }
    // Reset
    return old;
  }

  /** As align, but lined-up sub-expressions also base their own indentation on the column. */
  private alignStrong(firstFodder: Fodder, old: Indent, lineUp: number): Indent {
    if (firstFodder.length === 0 || firstFodder[0].kind === FodderKind.FodderInterstitial) {
      return { base: lineUp, lineUp };
    }
    // Reset
    return old;
  }

  /** Does the given fodder contain at least one new line? */
  private hasNewLines(fodder: Fodder): boolean {
    for (let i = 0; i < fodder.length; i++) {
      const f = fodder[i];
      if (f.kind !== FodderKind.FodderInterstitial) {
        return true;
      }
    }
    return false;
  }

  /** Indents comprehension forspecs. */
  private specs(spec: ForSpec, currIndent: Indent): void {
    if (spec.outer !== null) {
      this.specs(spec.outer, currIndent);
    }
    this.fill(spec.forFodder, true, true, currIndent.lineUp);
    this.column += 3; // for
    this.fill(spec.varFodder, true, true, currIndent.lineUp);
    this.column += utf8Length(spec.varName);
    this.fill(spec.inFodder, true, true, currIndent.lineUp);
    this.column += 2; // in
    const newIndent = this.newIndent(openFodder(spec.expr), currIndent, this.column);
    this.visit(spec.expr, newIndent, true);
    for (let i = 0; i < spec.conditions.length; i++) {
      const cond = spec.conditions[i];
      this.fill(cond.ifFodder, true, true, currIndent.lineUp);
      this.column += 2; // if
      // go-jsonnet visits spec.expr again here, not cond.expr; kept for identical output.
      const newIndent = this.newIndent(openFodder(spec.expr), currIndent, this.column);
      this.visit(spec.expr, newIndent, true);
    }
  }

  private params(
    fodderL: Fodder,
    params: Parameter[],
    trailingComma: boolean,
    fodderR: Fodder,
    currIndent: Indent,
  ): void {
    this.fill(fodderL, false, false, currIndent.lineUp);
    this.column++; // (
    const firstInside = params.length > 0 ? params[0].nameFodder : fodderR;
    const newIndent = this.newIndent(firstInside, currIndent, this.column);
    let first = true;
    for (let i = 0; i < params.length; i++) {
      const param = params[i];
      if (!first) {
        this.column++; // ','
      }
      this.fill(param.nameFodder, !first, true, newIndent.lineUp);
      this.column += utf8Length(param.name);
      if (param.defaultArg !== null) {
        this.fill(param.eqFodder, false, false, newIndent.lineUp);
        // default arg, no spacing: x=e
        this.column++;
        this.visit(param.defaultArg, newIndent, false);
      }
      this.fill(param.commaFodder, false, false, newIndent.lineUp);
      first = false;
    }
    if (trailingComma) {
      this.column++;
    }
    this.fillLast(fodderR, false, false, newIndent.lineUp, currIndent.lineUp);
    this.column++; // )
  }

  private fieldParams(field: ObjectField, currIndent: Indent): void {
    const m = field.method;
    if (m !== null) {
      this.params(m.parenLeftFodder, m.parameters, m.trailingComma, m.parenRightFodder, currIndent);
    }
  }

  /**
   * Indents fields within an object. currIndent is the indent of the first field; crowded is
   * whether the first field is crowded (see the unparser's fill).
   */
  /**
   * The rest of the 3 kinds of basic field (an aux closure in Go's fields, a method here so it
   * is not allocated for each field).
   */
  private fieldRemainder(field: ObjectField, currIndent: Indent, newIndent: number): void {
    this.fieldParams(field, currIndent);
    this.fill(field.opFodder, false, false, newIndent);
    if (field.superSugar) {
      this.column++;
    }
    switch (field.hide) {
      case ObjectFieldHide.ObjectFieldInherit:
        this.column++;
        break;
      case ObjectFieldHide.ObjectFieldHidden:
        this.column += 2;
        break;
      case ObjectFieldHide.ObjectFieldVisible:
        this.column += 3;
        break;
    }
    this.visit(field.expr2!, this.newIndent(openFodder(field.expr2!), currIndent, this.column), true);
  }

  private fields(fields: ObjectFields, currIndent: Indent, crowded: boolean): void {
    const newIndent = currIndent.lineUp;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      if (i > 0) {
        this.column++; // ','
      }

      switch (field.kind) {
        case ObjectFieldKind.ObjectLocal: {
          this.fill(field.fodder1, i > 0 || crowded, true, currIndent.lineUp);
          this.column += 5; // local
          this.fill(field.fodder2, true, true, currIndent.lineUp);
          this.column += utf8Length(field.id!);
          this.fieldParams(field, currIndent);
          this.fill(field.opFodder, true, true, currIndent.lineUp);
          this.column++; // =
          const newIndent2 = this.newIndent(openFodder(field.expr2!), currIndent, this.column);
          this.visit(field.expr2!, newIndent2, true);
          break;
        }

        case ObjectFieldKind.ObjectFieldID:
          this.fill(field.fodder1, i > 0 || crowded, true, newIndent);
          this.column += utf8Length(field.id!);
          this.fieldRemainder(field, currIndent, newIndent);
          break;

        case ObjectFieldKind.ObjectFieldStr:
          this.visit(field.expr1!, currIndent, i > 0 || crowded);
          this.fieldRemainder(field, currIndent, newIndent);
          break;

        case ObjectFieldKind.ObjectFieldExpr:
          this.fill(field.fodder1, i > 0 || crowded, true, newIndent);
          this.column++; // [
          this.visit(field.expr1!, currIndent, false);
          this.fill(field.fodder2, false, false, newIndent);
          this.column++; // ]
          this.fieldRemainder(field, currIndent, newIndent);
          break;

        case ObjectFieldKind.ObjectAssert: {
          this.fill(field.fodder1, i > 0 || crowded, true, newIndent);
          this.column += 6; // assert
          // + 1 for the space after the assert
          const newIndent2 = this.newIndent(openFodder(field.expr2!), currIndent, this.column + 1);
          this.visit(field.expr2!, currIndent, true);
          if (field.expr3 !== null) {
            this.fill(field.opFodder, true, true, newIndent2.lineUp);
            this.column++; // ":"
            this.visit(field.expr3, newIndent2, true);
          }
          break;
        }
      }
      this.fill(field.commaFodder, false, false, newIndent);
    }
  }

  /** Visit has logic common to all nodes. */
  visit(expr: Node, currIndent: Indent, crowded: boolean): void {
    const separateToken = leftRecursive(expr) === null;
    this.fill(expr.fodder, crowded, separateToken, currIndent.lineUp);
    const node = expr;

    switch (node.nodeType) {
      case NodeType.Apply: {
        const initFodder = openFodder(node.target);
        let newColumn = this.column;
        if (crowded) {
          newColumn++;
        }
        const newIndent = this.align(initFodder, currIndent, newColumn);
        this.visit(node.target, newIndent, crowded);
        this.fill(node.fodderLeft, false, false, newIndent.lineUp);
        this.column++; // (
        let firstFodder = node.fodderRight;
        if (node.arguments.named.length > 0) {
          firstFodder = node.arguments.named[0].nameFodder;
        }
        if (node.arguments.positional.length > 0) {
          firstFodder = openFodder(node.arguments.positional[0].expr);
        }
        let strongIndent = false;
        // Need to use strong indent if any of the arguments (except the first) are preceded by
        // newlines.
        let first = true;
        for (let i = 0; i < node.arguments.positional.length; i++) {
          const arg = node.arguments.positional[i];
          if (first) {
            // Skip first element.
            first = false;
            continue;
          }
          if (this.hasNewLines(openFodder(arg.expr))) {
            strongIndent = true;
          }
        }
        for (let i = 0; i < node.arguments.named.length; i++) {
          const arg = node.arguments.named[i];
          if (first) {
            // Skip first element.
            first = false;
            continue;
          }
          if (this.hasNewLines(arg.nameFodder)) {
            strongIndent = true;
          }
        }
        let argIndent: Indent;
        if (strongIndent) {
          argIndent = this.newIndentStrong(firstFodder, currIndent, this.column);
        } else {
          argIndent = this.newIndent(firstFodder, currIndent, this.column);
        }

        first = true;
        for (let i = 0; i < node.arguments.positional.length; i++) {
          const arg = node.arguments.positional[i];
          if (!first) {
            this.column++; // ","
          }
          const space = !first;
          this.visit(arg.expr, argIndent, space);
          this.fill(arg.commaFodder, false, false, argIndent.lineUp);
          first = false;
        }
        for (let i = 0; i < node.arguments.named.length; i++) {
          const arg = node.arguments.named[i];
          if (!first) {
            this.column++; // ","
          }
          const space = !first;
          this.fill(arg.nameFodder, space, false, argIndent.lineUp);
          this.column += utf8Length(arg.name);
          this.column++; // "="
          this.visit(arg.arg, argIndent, false);
          this.fill(arg.commaFodder, false, false, argIndent.lineUp);
          first = false;
        }
        if (node.trailingComma) {
          this.column++; // ","
        }
        this.fillLast(node.fodderRight, false, false, argIndent.lineUp, currIndent.base);
        this.column++; // )
        if (node.tailStrict) {
          this.fill(node.tailStrictFodder, true, true, currIndent.base);
          this.column += 10; // tailstrict
        }
        break;
      }
      case NodeType.ApplyBrace: {
        const initFodder = openFodder(node.left);
        let newColumn = this.column;
        if (crowded) {
          newColumn++;
        }
        const newIndent = this.align(initFodder, currIndent, newColumn);
        this.visit(node.left, newIndent, crowded);
        this.visit(node.right, newIndent, true);
        break;
      }
      case NodeType.Array: {
        this.column++; // '['
        // First fodder element exists and is a newline
        const firstFodder = node.elements.length > 0 ? openFodder(node.elements[0].expr) : node.closeFodder;
        let newColumn = this.column;
        if (this.options.padArrays) {
          newColumn++;
        }
        let strongIndent = false;
        // Need to use strong indent if there are not newlines before any of the sub-expressions
        for (let i = 1; i < node.elements.length; i++) {
          if (this.hasNewLines(openFodder(node.elements[i].expr))) {
            strongIndent = true;
          }
        }

        let newIndent: Indent;
        if (strongIndent) {
          newIndent = this.newIndentStrong(firstFodder, currIndent, newColumn);
        } else {
          newIndent = this.newIndent(firstFodder, currIndent, newColumn);
        }

        for (let i = 0; i < node.elements.length; i++) {
          const el = node.elements[i];
          if (i > 0) {
            this.column++;
          }
          this.visit(el.expr, newIndent, i > 0 || this.options.padArrays);
          this.fill(el.commaFodder, false, false, newIndent.lineUp);
        }
        if (node.trailingComma) {
          this.column++;
        }

        // Handle penultimate newlines from expr.CloseFodder if there are any.
        this.fillLast(
          node.closeFodder,
          node.elements.length > 0,
          this.options.padArrays,
          newIndent.lineUp,
          currIndent.base,
        );
        this.column++; // ']'
        break;
      }
      case NodeType.ArrayComp: {
        this.column++; // [
        let newColumn = this.column;
        if (this.options.padArrays) {
          newColumn++;
        }
        const newIndent = this.newIndent(openFodder(node.body), currIndent, newColumn);
        this.visit(node.body, newIndent, this.options.padArrays);
        this.fill(node.trailingCommaFodder, false, false, newIndent.lineUp);
        if (node.trailingComma) {
          this.column++; // ','
        }
        this.specs(node.spec, newIndent);
        this.fillLast(node.closeFodder, true, this.options.padArrays, newIndent.lineUp, currIndent.base);
        this.column++; // ]
        break;
      }
      case NodeType.Assert: {
        this.column += 6; // assert
        // + 1 for the space after the assert
        const newIndent = this.newIndent(openFodder(node.cond), currIndent, this.column + 1);
        this.visit(node.cond, newIndent, true);
        if (node.message !== null) {
          this.fill(node.colonFodder, true, true, newIndent.lineUp);
          this.column++; // ":"
          this.visit(node.message, newIndent, true);
        }
        this.fill(node.semicolonFodder, false, false, newIndent.lineUp);
        this.column++; // ";"
        this.visit(node.rest, currIndent, true);
        break;
      }
      case NodeType.Binary: {
        const firstFodder = openFodder(node.left);
        // Need to use strong indent in the case of
        //   A
        //   + B
        // or
        //   A +
        //   B
        let innerColumn = this.column;
        if (crowded) {
          innerColumn++;
        }
        let newIndent: Indent;
        if (this.hasNewLines(node.opFodder) || this.hasNewLines(openFodder(node.right))) {
          newIndent = this.alignStrong(firstFodder, currIndent, innerColumn);
        } else {
          newIndent = this.align(firstFodder, currIndent, innerColumn);
        }
        this.visit(node.left, newIndent, crowded);
        this.fill(node.opFodder, true, true, newIndent.lineUp);
        this.column += utf8Length(binaryOpString(node.op));
        // Don't calculate a new indent for here, because we like being able to do:
        // true &&
        // true &&
        // true
        this.visit(node.right, newIndent, true);
        break;
      }
      case NodeType.Conditional: {
        this.column += 2; // if
        const condIndent = this.newIndent(openFodder(node.cond), currIndent, this.column + 1);
        this.visit(node.cond, condIndent, true);
        this.fill(node.thenFodder, true, true, currIndent.base);
        this.column += 4; // then
        const trueIndent = this.newIndent(openFodder(node.branchTrue), currIndent, this.column + 1);
        this.visit(node.branchTrue, trueIndent, true);
        if (node.branchFalse !== null) {
          this.fill(node.elseFodder, true, true, currIndent.base);
          this.column += 4; // else
          const falseIndent = this.newIndent(openFodder(node.branchFalse), currIndent, this.column + 1);
          this.visit(node.branchFalse, falseIndent, true);
        }
        break;
      }
      case NodeType.Dollar: {
        this.column++; // $
        break;
      }
      case NodeType.Error: {
        this.column += 5; // error
        const newIndent = this.newIndent(openFodder(node.expr), currIndent, this.column + 1);
        this.visit(node.expr, newIndent, true);
        break;
      }
      case NodeType.Function: {
        this.column += 8; // function
        this.params(
          node.parenLeftFodder,
          node.parameters,
          node.trailingComma,
          node.parenRightFodder,
          currIndent,
        );
        const newIndent = this.newIndent(openFodder(node.body), currIndent, this.column + 1);
        this.visit(node.body, newIndent, true);
        break;
      }
      case NodeType.Import: {
        this.column += 6; // import
        const newIndent = this.newIndent(openFodder(node.file), currIndent, this.column + 1);
        this.visit(node.file, newIndent, true);
        break;
      }
      case NodeType.ImportStr: {
        this.column += 9; // importstr
        const newIndent = this.newIndent(openFodder(node.file), currIndent, this.column + 1);
        this.visit(node.file, newIndent, true);
        break;
      }
      case NodeType.ImportBin: {
        this.column += 9; // importbin
        const newIndent = this.newIndent(openFodder(node.file), currIndent, this.column + 1);
        this.visit(node.file, newIndent, true);
        break;
      }
      case NodeType.InSuper: {
        this.visit(node.index, currIndent, crowded);
        this.fill(node.inFodder, true, true, currIndent.lineUp);
        this.column += 2; // in
        this.fill(node.superFodder, true, true, currIndent.lineUp);
        this.column += 5; // super
        break;
      }
      case NodeType.Index: {
        this.visit(node.target, currIndent, crowded);
        this.fill(node.leftBracketFodder, false, false, currIndent.lineUp); // Can also be DotFodder
        if (node.id !== null) {
          this.column++; // "."
          const newIndent = this.newIndent(node.rightBracketFodder, currIndent, this.column);
          this.fill(node.rightBracketFodder, false, false, newIndent.lineUp); // Can also be IdFodder
          this.column += utf8Length(node.id);
        } else {
          this.column++; // "["
          const newIndent = this.newIndent(openFodder(node.index!), currIndent, this.column);
          this.visit(node.index!, newIndent, false);
          this.fillLast(node.rightBracketFodder, false, false, newIndent.lineUp, currIndent.base);
          this.column++; // "]"
        }
        break;
      }
      case NodeType.Slice: {
        this.visit(node.target, currIndent, crowded);
        this.fill(node.leftBracketFodder, false, false, currIndent.lineUp);
        this.column++; // "["
        // Go's zero value; every path below that reads it sets it first.
        let newIndent: Indent = { base: 0, lineUp: 0 };
        if (node.beginIndex !== null) {
          newIndent = this.newIndent(openFodder(node.beginIndex), currIndent, this.column);
          this.visit(node.beginIndex, newIndent, false);
        }
        if (node.endIndex !== null) {
          newIndent = this.newIndent(node.endColonFodder, currIndent, this.column);
          this.fill(node.endColonFodder, false, false, newIndent.lineUp);
          this.column++; // ":"
          this.visit(node.endIndex, newIndent, false);
        }
        if (node.step !== null) {
          if (node.endIndex === null) {
            newIndent = this.newIndent(node.endColonFodder, currIndent, this.column);
            this.fill(node.endColonFodder, false, false, newIndent.lineUp);
            this.column++; // ":"
          }
          this.fill(node.stepColonFodder, false, false, newIndent.lineUp);
          this.column++; // ":"
          this.visit(node.step, newIndent, false);
        }
        if (node.beginIndex === null && node.endIndex === null && node.step === null) {
          newIndent = this.newIndent(node.endColonFodder, currIndent, this.column);
          this.fill(node.endColonFodder, false, false, newIndent.lineUp);
          this.column++; // ":"
        }
        this.column++; // "]"
        break;
      }
      case NodeType.Local: {
        this.column += 5; // local
        if (node.binds.length === 0) {
          throw new globalThis.Error('Not enough binds in local');
        }
        let first = true;
        const newIndent = this.newIndent(node.binds[0].varFodder, currIndent, this.column + 1);
        for (let i = 0; i < node.binds.length; i++) {
          const bind = node.binds[i];
          if (!first) {
            this.column++; // ','
          }
          first = false;
          this.fill(bind.varFodder, true, true, newIndent.lineUp);
          this.column += utf8Length(bind.variable);
          if (bind.fun !== null) {
            this.params(
              bind.fun.parenLeftFodder,
              bind.fun.parameters,
              bind.fun.trailingComma,
              bind.fun.parenRightFodder,
              newIndent,
            );
          }
          this.fill(bind.eqFodder, true, true, newIndent.lineUp);
          this.column++; // '='
          const newIndent2 = this.newIndent(openFodder(bind.body), newIndent, this.column + 1);
          this.visit(bind.body, newIndent2, true);
          this.fillLast(bind.closeFodder, false, false, newIndent2.lineUp, currIndent.base);
        }
        this.column++; // ';'
        this.visit(node.body, currIndent, true);
        break;
      }
      case NodeType.LiteralBoolean: {
        if (node.value) {
          this.column += 4;
        } else {
          this.column += 5;
        }
        break;
      }
      case NodeType.LiteralNumber: {
        this.column += utf8Length(node.originalString);
        break;
      }
      case NodeType.LiteralString: {
        switch (node.kind) {
          case LiteralStringKind.StringDouble:
            this.column += 2 + utf8Length(node.value); // Include quotes
            break;
          case LiteralStringKind.StringSingle:
            this.column += 2 + utf8Length(node.value); // Include quotes
            break;
          case LiteralStringKind.StringBlock:
            node.blockIndent = ' '.repeat(currIndent.base + this.options.indent);
            node.blockTermIndent = ' '.repeat(currIndent.base);
            this.column = currIndent.base; // blockTermIndent
            this.column += 3; // always "|||" (never "|||-" because we're only accounting for block end)
            break;
          case LiteralStringKind.VerbatimStringSingle:
            this.column += 3; // Include @, start and end quotes
            for (const r of node.value) {
              if (r === "'") {
                this.column += 2;
              } else {
                this.column++;
              }
            }
            break;
          case LiteralStringKind.VerbatimStringDouble:
            this.column += 3; // Include @, start and end quotes
            for (const r of node.value) {
              if (r === '"') {
                this.column += 2;
              } else {
                this.column++;
              }
            }
            break;
        }
        break;
      }
      case NodeType.LiteralNull: {
        this.column += 4; // null
        break;
      }
      case NodeType.Object:
      case NodeType.ObjectComp: {
        this.column++; // '{'
        let firstFodder: Fodder;
        if (node.fields.length === 0) {
          firstFodder = node.closeFodder;
        } else if (node.fields[0].kind === ObjectFieldKind.ObjectFieldStr) {
          firstFodder = openFodder(node.fields[0].expr1!);
        } else {
          firstFodder = node.fields[0].fodder1;
        }
        let newColumn = this.column;
        if (this.options.padObjects) {
          newColumn++;
        }
        const newIndent = this.newIndent(firstFodder, currIndent, newColumn);
        this.fields(node.fields, newIndent, this.options.padObjects);
        if (node.trailingComma) {
          this.column++; // ','
        }
        if (node instanceof ObjectComp) {
          this.specs(node.spec, newIndent);
        }
        this.fillLast(
          node.closeFodder,
          node instanceof ObjectComp || node.fields.length > 0,
          this.options.padObjects,
          newIndent.lineUp,
          currIndent.base,
        );
        this.column++; // '}'
        break;
      }
      case NodeType.Parens: {
        this.column++; // (
        const newIndent = this.newIndentStrong(openFodder(node.inner), currIndent, this.column);
        this.visit(node.inner, newIndent, false);
        this.fillLast(node.closeFodder, false, false, newIndent.lineUp, currIndent.base);
        this.column++; // )
        break;
      }
      case NodeType.Self: {
        this.column += 4; // self
        break;
      }
      case NodeType.SuperIndex: {
        this.column += 5; // super
        this.fill(node.dotFodder, false, false, currIndent.lineUp);
        if (node.id !== null) {
          this.column++; // "."
          const newIndent = this.newIndent(node.idFodder, currIndent, this.column);
          this.fill(node.idFodder, false, false, newIndent.lineUp);
          this.column += utf8Length(node.id);
        } else {
          this.column++; // "["
          const newIndent = this.newIndent(openFodder(node.index!), currIndent, this.column);
          this.visit(node.index!, newIndent, false);
          this.fillLast(node.idFodder, false, false, newIndent.lineUp, currIndent.base);
          this.column++; // "]"
        }
        break;
      }
      case NodeType.Unary: {
        this.column += utf8Length(unaryOpString(node.op));
        const newIndent = this.newIndent(openFodder(node.expr), currIndent, this.column);
        const leftIsDollar = leftRecursiveDeep(node.expr) instanceof Dollar;
        this.visit(node.expr, newIndent, leftIsDollar);
        break;
      }
      case NodeType.Var: {
        this.column += utf8Length(node.id);
        break;
      }
    }
  }

  /** Corrects the whole file including the final fodder. */
  visitFile(body: Node, finalFodder: Fodder): void {
    this.visit(body, { base: 0, lineUp: 0 }, false);
    this.setIndents(finalFodder, 0, 0);
  }
}
