// Port of go-jsonnet v0.22 internal/formatter/unparser.go (Apache-2.0): prints the AST, fodder
// included, after the formatter passes have fixed it up.
import {
  binaryOpString,
  FodderKind,
  type LiteralString,
  LiteralStringKind,
  NodeType,
  ObjectFieldHide,
  ObjectFieldKind,
  unaryOpString,
  type Fodder,
  type ForSpec,
  type Identifier,
  type Node,
  type ObjectField,
  type ObjectFields,
  type Parameter,
} from './ast.js';
import type { FormatOptions } from './index.js';
import { leftRecursive } from './left-recursive.js';

export class Unparser {
  private readonly buf: string[] = [];

  constructor(private readonly options: FormatOptions) {}

  write(str: string): void {
    this.buf.push(str);
  }

  /**
   * Pretty-prints fodder. crowded and separateToken decide whether single spaces are added to
   * keep tokens from joining: the caller passes crowded when the last thing printed would crowd
   * what comes next (e.g. after a ',' but not after a '(').
   *
   * If crowded, a space is printed after any fodder, unless separateToken is false or the fodder
   * ended with a newline. If crowded and not separateToken and the fodder begins with an
   * interstitial, the interstitial gets a space before it but none after. If not crowded and
   * separateToken, a space is only printed when the fodder ended with an interstitial. If
   * neither, no space is printed before or after the fodder.
   */
  private fodderFill(fodder: Fodder, crowded: boolean, separateToken: boolean, final: boolean): void {
    let lastIndent = 0;
    for (let i = 0; i < fodder.length; i++) {
      const fod = fodder[i];
      const skipTrailing = final && i === fodder.length - 1;
      switch (fod.kind) {
        case FodderKind.FodderParagraph:
          for (let j = 0; j < fod.comment.length; j++) {
            const l = fod.comment[j];
            // Do not indent empty lines (note: first line is never empty).
            if (l.length > 0) {
              // First line is already indented by previous fod.
              if (j > 0) {
                this.write(' '.repeat(lastIndent));
              }
              this.write(l);
            }
            this.write('\n');
          }
          if (!skipTrailing) {
            this.write('\n'.repeat(fod.blanks));
            this.write(' '.repeat(fod.indent));
          }
          lastIndent = fod.indent;
          crowded = false;
          break;

        case FodderKind.FodderLineEnd:
          if (fod.comment.length > 0) {
            this.write('  ');
            this.write(fod.comment[0]);
          }
          this.write('\n');
          if (!skipTrailing) {
            this.write('\n'.repeat(fod.blanks));
            this.write(' '.repeat(fod.indent));
          }
          lastIndent = fod.indent;
          crowded = false;
          break;

        case FodderKind.FodderInterstitial:
          if (crowded) {
            this.write(' ');
          }
          this.write(fod.comment[0]);
          crowded = true;
          break;
      }
    }
    if (separateToken && crowded) {
      this.write(' ');
    }
  }

  fill(fodder: Fodder, crowded: boolean, separateToken: boolean): void {
    this.fodderFill(fodder, crowded, separateToken, false);
  }

  fillFinal(fodder: Fodder, crowded: boolean, separateToken: boolean): void {
    this.fodderFill(fodder, crowded, separateToken, true);
  }

  private unparseSpecs(spec: ForSpec): void {
    if (spec.outer !== null) {
      this.unparseSpecs(spec.outer);
    }
    this.fill(spec.forFodder, true, true);
    this.write('for');
    this.fill(spec.varFodder, true, true);
    this.write(spec.varName);
    this.fill(spec.inFodder, true, true);
    this.write('in');
    this.unparse(spec.expr, true);
    for (let i = 0; i < spec.conditions.length; i++) {
      const cond = spec.conditions[i];
      this.fill(cond.ifFodder, true, true);
      this.write('if');
      this.unparse(cond.expr, true);
    }
  }

  private unparseParams(fodderL: Fodder, params: Parameter[], trailingComma: boolean, fodderR: Fodder): void {
    this.fill(fodderL, false, false);
    this.write('(');
    let first = true;
    for (let i = 0; i < params.length; i++) {
      const param = params[i];
      if (!first) {
        this.write(',');
      }
      this.fill(param.nameFodder, !first, true);
      this.unparseID(param.name);
      if (param.defaultArg !== null) {
        this.fill(param.eqFodder, false, false);
        this.write('=');
        this.unparse(param.defaultArg, false);
      }
      this.fill(param.commaFodder, false, false);
      first = false;
    }
    if (trailingComma) {
      this.write(',');
    }
    this.fill(fodderR, false, false);
    this.write(')');
  }

  private unparseFieldParams(field: ObjectField): void {
    const m = field.method;
    if (m !== null) {
      this.unparseParams(m.parenLeftFodder, m.parameters, m.trailingComma, m.parenRightFodder);
    }
  }

  /**
   * The rest of the 3 kinds of basic field (an aux closure in Go's unparseFields, a method here
   * so it is not allocated for each field).
   */
  private unparseFieldRemainder(field: ObjectField): void {
    this.unparseFieldParams(field);
    this.fill(field.opFodder, false, false);
    if (field.superSugar) {
      this.write('+');
    }
    switch (field.hide) {
      case ObjectFieldHide.ObjectFieldInherit:
        this.write(':');
        break;
      case ObjectFieldHide.ObjectFieldHidden:
        this.write('::');
        break;
      case ObjectFieldHide.ObjectFieldVisible:
        this.write(':::');
        break;
    }
    this.unparse(field.expr2!, true);
  }

  private unparseFields(fields: ObjectFields, crowded: boolean): void {
    let first = true;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      if (!first) {
        this.write(',');
      }

      switch (field.kind) {
        case ObjectFieldKind.ObjectLocal:
          this.fill(field.fodder1, !first || crowded, true);
          this.write('local');
          this.fill(field.fodder2, true, true);
          this.unparseID(field.id!);
          this.unparseFieldParams(field);
          this.fill(field.opFodder, true, true);
          this.write('=');
          this.unparse(field.expr2!, true);
          break;

        case ObjectFieldKind.ObjectFieldID:
          this.fill(field.fodder1, !first || crowded, true);
          this.unparseID(field.id!);
          this.unparseFieldRemainder(field);
          break;

        case ObjectFieldKind.ObjectFieldStr:
          this.unparse(field.expr1!, !first || crowded);
          this.unparseFieldRemainder(field);
          break;

        case ObjectFieldKind.ObjectFieldExpr:
          this.fill(field.fodder1, !first || crowded, true);
          this.write('[');
          this.unparse(field.expr1!, false);
          this.fill(field.fodder2, false, false);
          this.write(']');
          this.unparseFieldRemainder(field);
          break;

        case ObjectFieldKind.ObjectAssert:
          this.fill(field.fodder1, !first || crowded, true);
          this.write('assert');
          this.unparse(field.expr2!, true);
          if (field.expr3 !== null) {
            this.fill(field.opFodder, true, true);
            this.write(':');
            this.unparse(field.expr3, true);
          }
          break;
      }

      first = false;
      this.fill(field.commaFodder, false, false);
    }
  }

  private unparseID(id: Identifier): void {
    this.write(id);
  }

  unparse(expr: Node, crowded: boolean): void {
    if (leftRecursive(expr) === null) {
      this.fill(expr.fodder, crowded, true);
    }

    const node = expr;
    switch (node.nodeType) {
      case NodeType.Apply: {
        this.unparse(node.target, crowded);
        this.fill(node.fodderLeft, false, false);
        this.write('(');
        let first = true;
        for (let i = 0; i < node.arguments.positional.length; i++) {
          const arg = node.arguments.positional[i];
          if (!first) {
            this.write(',');
          }
          const space = !first;
          this.unparse(arg.expr, space);
          this.fill(arg.commaFodder, false, false);
          first = false;
        }
        for (let i = 0; i < node.arguments.named.length; i++) {
          const arg = node.arguments.named[i];
          if (!first) {
            this.write(',');
          }
          const space = !first;
          this.fill(arg.nameFodder, space, true);
          this.unparseID(arg.name);
          this.write('=');
          this.unparse(arg.arg, false);
          this.fill(arg.commaFodder, false, false);
          first = false;
        }
        if (node.trailingComma) {
          this.write(',');
        }
        this.fill(node.fodderRight, false, false);
        this.write(')');
        if (node.tailStrict) {
          this.fill(node.tailStrictFodder, true, true);
          this.write('tailstrict');
        }
        break;
      }
      case NodeType.ApplyBrace: {
        this.unparse(node.left, crowded);
        this.unparse(node.right, true);
        break;
      }
      case NodeType.Array: {
        this.write('[');
        let first = true;
        for (let i = 0; i < node.elements.length; i++) {
          const element = node.elements[i];
          if (!first) {
            this.write(',');
          }
          this.unparse(element.expr, !first || this.options.padArrays);
          this.fill(element.commaFodder, false, false);
          first = false;
        }
        if (node.trailingComma) {
          this.write(',');
        }
        this.fill(node.closeFodder, node.elements.length > 0, this.options.padArrays);
        this.write(']');
        break;
      }
      case NodeType.ArrayComp: {
        this.write('[');
        this.unparse(node.body, this.options.padArrays);
        this.fill(node.trailingCommaFodder, false, false);
        if (node.trailingComma) {
          this.write(',');
        }
        this.unparseSpecs(node.spec);
        this.fill(node.closeFodder, true, this.options.padArrays);
        this.write(']');
        break;
      }
      case NodeType.Assert: {
        this.write('assert');
        this.unparse(node.cond, true);
        if (node.message !== null) {
          this.fill(node.colonFodder, true, true);
          this.write(':');
          this.unparse(node.message, true);
        }
        this.fill(node.semicolonFodder, false, false);
        this.write(';');
        this.unparse(node.rest, true);
        break;
      }
      case NodeType.Binary: {
        this.unparse(node.left, crowded);
        this.fill(node.opFodder, true, true);
        this.write(binaryOpString(node.op));
        this.unparse(node.right, true);
        break;
      }
      case NodeType.Conditional: {
        this.write('if');
        this.unparse(node.cond, true);
        this.fill(node.thenFodder, true, true);
        this.write('then');
        this.unparse(node.branchTrue, true);
        if (node.branchFalse !== null) {
          this.fill(node.elseFodder, true, true);
          this.write('else');
          this.unparse(node.branchFalse, true);
        }
        break;
      }
      case NodeType.Dollar: {
        this.write('$');
        break;
      }
      case NodeType.Error: {
        this.write('error');
        this.unparse(node.expr, true);
        break;
      }
      case NodeType.Function: {
        this.write('function');
        this.unparseParams(node.parenLeftFodder, node.parameters, node.trailingComma, node.parenRightFodder);
        this.unparse(node.body, true);
        break;
      }
      case NodeType.Import: {
        this.write('import');
        this.unparse(node.file, true);
        break;
      }
      case NodeType.ImportStr: {
        this.write('importstr');
        this.unparse(node.file, true);
        break;
      }
      case NodeType.ImportBin: {
        this.write('importbin');
        this.unparse(node.file, true);
        break;
      }
      case NodeType.Index: {
        this.unparse(node.target, crowded);
        this.fill(node.leftBracketFodder, false, false); // Can also be DotFodder
        if (node.id !== null) {
          this.write('.');
          this.fill(node.rightBracketFodder, false, false); // IdFodder
          this.unparseID(node.id);
        } else {
          this.write('[');
          this.unparse(node.index!, false);
          this.fill(node.rightBracketFodder, false, false);
          this.write(']');
        }
        break;
      }
      case NodeType.Slice: {
        this.unparse(node.target, crowded);
        this.fill(node.leftBracketFodder, false, false);
        this.write('[');
        if (node.beginIndex !== null) {
          this.unparse(node.beginIndex, false);
        }
        this.fill(node.endColonFodder, false, false);
        this.write(':');
        if (node.endIndex !== null) {
          this.unparse(node.endIndex, false);
        }
        if (node.step !== null || node.stepColonFodder.length > 0) {
          this.fill(node.stepColonFodder, false, false);
          this.write(':');
          if (node.step !== null) {
            this.unparse(node.step, false);
          }
        }
        this.fill(node.rightBracketFodder, false, false);
        this.write(']');
        break;
      }
      case NodeType.InSuper: {
        this.unparse(node.index, true);
        this.fill(node.inFodder, true, true);
        this.write('in');
        this.fill(node.superFodder, true, true);
        this.write('super');
        break;
      }
      case NodeType.Local: {
        this.write('local');
        if (node.binds.length === 0) {
          throw new globalThis.Error('INTERNAL ERROR: local with no binds');
        }
        let first = true;
        for (let i = 0; i < node.binds.length; i++) {
          const bind = node.binds[i];
          if (!first) {
            this.write(',');
          }
          first = false;
          this.fill(bind.varFodder, true, true);
          this.unparseID(bind.variable);
          if (bind.fun !== null) {
            this.unparseParams(
              bind.fun.parenLeftFodder,
              bind.fun.parameters,
              bind.fun.trailingComma,
              bind.fun.parenRightFodder,
            );
          }
          this.fill(bind.eqFodder, true, true);
          this.write('=');
          this.unparse(bind.body, true);
          this.fill(bind.closeFodder, false, false);
        }
        this.write(';');
        this.unparse(node.body, true);
        break;
      }
      case NodeType.LiteralBoolean: {
        this.write(node.value ? 'true' : 'false');
        break;
      }
      case NodeType.LiteralNumber: {
        this.write(node.originalString);
        break;
      }
      case NodeType.LiteralString: {
        this.unparseLiteralString(node);
        break;
      }
      case NodeType.LiteralNull: {
        this.write('null');
        break;
      }
      case NodeType.Object: {
        this.write('{');
        this.unparseFields(node.fields, this.options.padObjects);
        if (node.trailingComma) {
          this.write(',');
        }
        this.fill(node.closeFodder, node.fields.length > 0, this.options.padObjects);
        this.write('}');
        break;
      }
      case NodeType.ObjectComp: {
        this.write('{');
        this.unparseFields(node.fields, this.options.padObjects);
        if (node.trailingComma) {
          this.write(',');
        }
        this.unparseSpecs(node.spec);
        this.fill(node.closeFodder, true, this.options.padObjects);
        this.write('}');
        break;
      }
      case NodeType.Parens: {
        this.write('(');
        this.unparse(node.inner, false);
        this.fill(node.closeFodder, false, false);
        this.write(')');
        break;
      }
      case NodeType.Self: {
        this.write('self');
        break;
      }
      case NodeType.SuperIndex: {
        this.write('super');
        this.fill(node.dotFodder, false, false);
        if (node.id !== null) {
          this.write('.');
          this.fill(node.idFodder, false, false);
          this.unparseID(node.id);
        } else {
          this.write('[');
          this.unparse(node.index!, false);
          this.fill(node.idFodder, false, false);
          this.write(']');
        }
        break;
      }
      case NodeType.Var: {
        this.unparseID(node.id);
        break;
      }
      case NodeType.Unary: {
        this.write(unaryOpString(node.op));
        this.unparse(node.expr, false);
        break;
      }
      default: {
        throw new globalThis.Error(`INTERNAL ERROR: Unknown AST: ${(expr as object).constructor.name}`);
      }
    }
  }

  private unparseLiteralString(node: LiteralString): void {
    const value = node.value;
    switch (node.kind) {
      case LiteralStringKind.StringDouble:
        this.write('"');
        // The original escape codes are still in the string.
        this.write(value);
        this.write('"');
        break;
      case LiteralStringKind.StringSingle:
        this.write("'");
        // The original escape codes are still in the string.
        this.write(value);
        this.write("'");
        break;
      case LiteralStringKind.StringBlock:
        this.write('|||');
        if (value[value.length - 1] !== '\n') {
          this.write('-');
        }
        this.write('\n');
        if (value[0] !== '\n') {
          this.write(node.blockIndent);
        }
        for (let i = 0; i < value.length; i++) {
          const r = value[i];
          // Formatter always outputs in unix mode.
          if (r === '\r') {
            continue;
          }
          this.write(r);
          if (r === '\n' && i + 1 < value.length && value[i + 1] !== '\n') {
            this.write(node.blockIndent);
          }
        }
        if (value[value.length - 1] !== '\n') {
          this.write('\n');
        }
        this.write(node.blockTermIndent);
        this.write('|||');
        break;
      case LiteralStringKind.VerbatimStringDouble:
        // Escapes were processed by the parser, so put them back in.
        this.write('@"');
        this.write(value.replaceAll('"', '""'));
        this.write('"');
        break;
      case LiteralStringKind.VerbatimStringSingle:
        // Escapes were processed by the parser, so put them back in.
        this.write("@'");
        this.write(value.replaceAll("'", "''"));
        this.write("'");
        break;
    }
  }

  string(): string {
    return this.buf.join('');
  }
}
