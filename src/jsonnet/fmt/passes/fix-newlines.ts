// Port of go-jsonnet v0.22 internal/formatter/fix_newlines.go (Apache-2.0).
//
// FixNewlines adds newlines inside complex structures (arrays, objects etc.). A structure is
// either expanded, with newlines in all the designated places, or unexpanded, with newlines in
// none of them. It only looks shallowly at the AST, so deeper newlines don't force expanding:
//
//	[{
//	    'a': 'b',
//	}]
//
// keeps the outer array unexpanded: there are no newlines between the brackets and the braces.
import {
  fodderCountNewlines,
  fodderEnsureCleanNewline,
  ObjectFieldKind,
  type Arguments,
  type Array as ArrayNode,
  type ArrayComp,
  type Fodder,
  type FodderElement,
  type ForSpec,
  type Local,
  type Object as ObjectNode,
  type ObjectComp,
  type ObjectField,
  type Parameter,
  type Parens,
} from '../ast.js';
import { openFodder } from '../left-recursive.js';
import { Base, type Context, type Ref } from '../pass.js';
import { capBlankLines } from './enforce-max-blank-lines.js';

function objectFieldOpenFodder(field: ObjectField): Fodder {
  if (field.kind === ObjectFieldKind.ObjectFieldStr) {
    // This can only ever be a LiteralString, so openFodder will return without recursing.
    return openFodder(field.expr1!);
  }
  return field.fodder1;
}

function shouldExpandSpec(spec: ForSpec): boolean {
  let shouldExpand = false;
  if (spec.outer !== null) {
    shouldExpand = shouldExpandSpec(spec.outer);
  }
  if (fodderCountNewlines(spec.forFodder) > 0) {
    shouldExpand = true;
  }
  for (let i = 0; i < spec.conditions.length; i++) {
    const ifSpec = spec.conditions[i];
    if (fodderCountNewlines(ifSpec.ifFodder) > 0) {
      shouldExpand = true;
    }
  }
  return shouldExpand;
}

function ensureSpecExpanded(spec: ForSpec): void {
  if (spec.outer !== null) {
    ensureSpecExpanded(spec.outer);
  }
  fodderEnsureCleanNewline(spec.forFodder);
  for (let i = 0; i < spec.conditions.length; i++) {
    const cond = spec.conditions[i];
    fodderEnsureCleanNewline(cond.ifFodder);
  }
}

export class FixNewlines extends Base {
  override array(array: ArrayNode, ctx: Context): void {
    let shouldExpand = false;
    for (let i = 0; i < array.elements.length; i++) {
      const element = array.elements[i];
      if (fodderCountNewlines(openFodder(element.expr)) > 0) {
        shouldExpand = true;
      }
    }
    if (fodderCountNewlines(array.closeFodder) > 0) {
      shouldExpand = true;
    }
    if (shouldExpand) {
      for (let i = 0; i < array.elements.length; i++) {
        const element = array.elements[i];
        fodderEnsureCleanNewline(openFodder(element.expr));
      }
      fodderEnsureCleanNewline(array.closeFodder);
    }
    super.array(array, ctx);
  }

  override object(object: ObjectNode, ctx: Context): void {
    let shouldExpand = false;
    for (let i = 0; i < object.fields.length; i++) {
      const field = object.fields[i];
      if (fodderCountNewlines(objectFieldOpenFodder(field)) > 0) {
        shouldExpand = true;
      }
    }
    if (fodderCountNewlines(object.closeFodder) > 0) {
      shouldExpand = true;
    }
    if (shouldExpand) {
      for (let i = 0; i < object.fields.length; i++) {
        const field = object.fields[i];
        fodderEnsureCleanNewline(objectFieldOpenFodder(field));
      }
      fodderEnsureCleanNewline(object.closeFodder);
    }
    super.object(object, ctx);
  }

  override local(local: Local, ctx: Context): void {
    let shouldExpand = false;
    for (let i = 0; i < local.binds.length; i++) {
      const bind = local.binds[i];
      if (fodderCountNewlines(bind.varFodder) > 0) {
        shouldExpand = true;
      }
    }
    if (shouldExpand) {
      local.binds.forEach((bind, i) => {
        if (i > 0) {
          fodderEnsureCleanNewline(bind.varFodder);
        }
      });
    }
    super.local(local, ctx);
  }

  override arrayComp(arrayComp: ArrayComp, ctx: Context): void {
    let shouldExpand = false;
    if (fodderCountNewlines(openFodder(arrayComp.body)) > 0) {
      shouldExpand = true;
    }
    if (shouldExpandSpec(arrayComp.spec)) {
      shouldExpand = true;
    }
    if (fodderCountNewlines(arrayComp.closeFodder) > 0) {
      shouldExpand = true;
    }
    if (shouldExpand) {
      fodderEnsureCleanNewline(openFodder(arrayComp.body));
      ensureSpecExpanded(arrayComp.spec);
      fodderEnsureCleanNewline(arrayComp.closeFodder);
    }
    super.arrayComp(arrayComp, ctx);
  }

  override objectComp(objectComp: ObjectComp, ctx: Context): void {
    let shouldExpand = false;
    for (let i = 0; i < objectComp.fields.length; i++) {
      const field = objectComp.fields[i];
      if (fodderCountNewlines(objectFieldOpenFodder(field)) > 0) {
        shouldExpand = true;
      }
    }
    if (shouldExpandSpec(objectComp.spec)) {
      shouldExpand = true;
    }
    if (fodderCountNewlines(objectComp.closeFodder) > 0) {
      shouldExpand = true;
    }
    if (shouldExpand) {
      for (let i = 0; i < objectComp.fields.length; i++) {
        const field = objectComp.fields[i];
        fodderEnsureCleanNewline(objectFieldOpenFodder(field));
      }
      ensureSpecExpanded(objectComp.spec);
      fodderEnsureCleanNewline(objectComp.closeFodder);
    }
    super.objectComp(objectComp, ctx);
  }

  override parens(parens: Parens, ctx: Context): void {
    let shouldExpand = false;
    if (fodderCountNewlines(openFodder(parens.inner)) > 0) {
      shouldExpand = true;
    }
    if (fodderCountNewlines(parens.closeFodder) > 0) {
      shouldExpand = true;
    }
    if (shouldExpand) {
      fodderEnsureCleanNewline(openFodder(parens.inner));
      fodderEnsureCleanNewline(parens.closeFodder);
    }
    super.parens(parens, ctx);
  }

  /**
   * `f(1, 2,\n  3)` becomes `f(1,\n  2,\n  3)`, and `foo(\n    1, 2, 3)` becomes
   * `foo(\n    1, 2, 3\n)`.
   */
  override parameters(l: Ref<Fodder>, params: Parameter[], r: Ref<Fodder>, ctx: Context): void {
    let shouldExpandBetween = false;
    let shouldExpandNearParens = false;
    let first = true;
    for (let i = 0; i < params.length; i++) {
      const param = params[i];
      if (fodderCountNewlines(param.nameFodder) > 0) {
        if (first) {
          shouldExpandNearParens = true;
        } else {
          shouldExpandBetween = true;
        }
      }
      first = false;
    }
    if (fodderCountNewlines(r.get()) > 0) {
      shouldExpandNearParens = true;
    }
    first = true;
    for (let i = 0; i < params.length; i++) {
      const param = params[i];
      if ((first && shouldExpandNearParens) || (!first && shouldExpandBetween)) {
        fodderEnsureCleanNewline(param.nameFodder);
      }
      first = false;
    }
    if (shouldExpandNearParens) {
      fodderEnsureCleanNewline(r.get());
    }
    super.parameters(l, params, r, ctx);
  }

  /** As parameters, for the arguments of a call. */
  override arguments(l: Ref<Fodder>, args: Arguments, r: Ref<Fodder>, ctx: Context): void {
    let shouldExpandBetween = false;
    let shouldExpandNearParens = false;
    let first = true;
    for (let i = 0; i < args.positional.length; i++) {
      const arg = args.positional[i];
      if (fodderCountNewlines(openFodder(arg.expr)) > 0) {
        if (first) {
          shouldExpandNearParens = true;
        } else {
          shouldExpandBetween = true;
        }
      }
      first = false;
    }
    for (let i = 0; i < args.named.length; i++) {
      const arg = args.named[i];
      if (fodderCountNewlines(arg.nameFodder) > 0) {
        if (first) {
          shouldExpandNearParens = true;
        } else {
          shouldExpandBetween = true;
        }
      }
      first = false;
    }
    if (fodderCountNewlines(r.get()) > 0) {
      shouldExpandNearParens = true;
    }
    first = true;
    for (let i = 0; i < args.positional.length; i++) {
      const arg = args.positional[i];
      if ((first && shouldExpandNearParens) || (!first && shouldExpandBetween)) {
        fodderEnsureCleanNewline(openFodder(arg.expr));
      }
      first = false;
    }
    for (let i = 0; i < args.named.length; i++) {
      const arg = args.named[i];
      if ((first && shouldExpandNearParens) || (!first && shouldExpandBetween)) {
        fodderEnsureCleanNewline(arg.nameFodder);
      }
      first = false;
    }
    if (shouldExpandNearParens) {
      fodderEnsureCleanNewline(r.get());
    }
    super.arguments(l, args, r, ctx);
  }
}

/**
 * EnforceMaxBlankLines, which Go runs just before FixNewlines, and FixNewlines in one walk.
 * FixNewlines asks only whether fodder holds newlines (blank lines do not change the answer) and
 * adds a line end without blank lines only where the fodder does not end with one (it never merges
 * into one), so capping the blank lines as the walk meets them gives what capping them first does.
 */
export class FixNewlinesCappingBlankLines extends FixNewlines {
  constructor(private readonly maxBlankLines: number) {
    super();
  }

  override fodderElement(element: FodderElement, _ctx: Context): void {
    capBlankLines(element, this.maxBlankLines);
  }
}
