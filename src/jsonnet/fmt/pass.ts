// Port of go-jsonnet v0.22 internal/pass/pass.go (Apache-2.0): a visitor over the raw AST that
// passes subclass, overriding the methods for the parts they change.
//
// Go hands visitors `*ast.Node` / `*ast.Fodder` pointers so a pass can replace what they point at.
// Here such a pointer is a Ref: a getter/setter over one field of one object. Go's explicit
// `p ASTPass` receiver (for virtual dispatch) is `this`, and `c.Base.X(p, ...)` is `super.x(...)`.
import {
  Apply,
  ApplyBrace,
  Array as ArrayNode,
  ArrayComp,
  Arguments,
  Assert,
  Binary,
  Conditional,
  Dollar,
  Error as ErrorNode,
  Function as FunctionNode,
  Import,
  ImportBin,
  ImportStr,
  Index,
  InSuper,
  LiteralBoolean,
  LiteralNull,
  LiteralNumber,
  LiteralString,
  Local,
  Object as ObjectNode,
  ObjectComp,
  ObjectFieldKind,
  Parens,
  Self,
  Slice,
  SuperIndex,
  Unary,
  Var,
  type Fodder,
  type FodderElement,
  type ForSpec,
  type Node,
  type ObjectField,
  type Parameter,
} from './ast.js';

/** What Go's `*T` is when the pass may replace the T: read and write one slot. */
export interface Ref<T> {
  get(): T;
  set(value: T): void;
}

/**
 * A Ref to `obj[key]`: one small object of one class (passes make one per fodder and child they
 * visit, so closures here cost the formatter a fifth of its time in garbage collection).
 */
class FieldRef<O extends object, K extends keyof O> implements Ref<O[K]> {
  constructor(
    private readonly obj: O,
    private readonly key: K,
  ) {}

  get(): O[K] {
    return this.obj[this.key];
  }

  set(value: O[K]): void {
    this.obj[this.key] = value;
  }
}

/** A Ref to `obj[key]`. */
export function ref<O extends object, K extends keyof O>(obj: O, key: K): Ref<O[K]> {
  return new FieldRef(obj, key);
}

/** A Ref to a node slot that Go only visits when it is set (its type may admit null). */
export function nodeRef<O extends object, K extends keyof O>(obj: O, key: K): Ref<Node> {
  return new FieldRef(obj, key) as unknown as Ref<Node>;
}

/** Go's `NodeBase: from.NodeBase` in a new node's literal (a struct copy; the fodder slice is shared). */
export function copyNodeBase(to: Node, from: Node): void {
  to.fodder = from.fodder;
  to.ctx = from.ctx;
  to.freeVars = from.freeVars;
  to.locRange = from.locRange;
}

/** Context can be used to provide context when visiting child expressions. */
export type Context = unknown;

/** Base implements basic traversal so other passes can extend it. */
export class Base {
  /** FodderElement cannot descend any further. */
  fodderElement(_element: FodderElement, _ctx: Context): void {}

  fodder(fodder: Ref<Fodder>, ctx: Context): void {
    const f = fodder.get();
    for (let i = 0; i < f.length; i++) {
      this.fodderElement(f[i] as FodderElement, ctx);
    }
  }

  forSpec(forSpec: ForSpec, ctx: Context): void {
    if (forSpec.outer !== null) {
      this.forSpec(forSpec.outer, ctx);
    }
    this.fodder(ref(forSpec, 'forFodder'), ctx);
    this.fodder(ref(forSpec, 'varFodder'), ctx);
    this.fodder(ref(forSpec, 'inFodder'), ctx);
    this.visit(ref(forSpec, 'expr'), ctx);
    for (const cond of forSpec.conditions) {
      this.fodder(ref(cond, 'ifFodder'), ctx);
      this.visit(ref(cond, 'expr'), ctx);
    }
  }

  parameters(l: Ref<Fodder>, params: Parameter[], r: Ref<Fodder>, ctx: Context): void {
    this.fodder(l, ctx);
    for (const param of params) {
      this.fodder(ref(param, 'nameFodder'), ctx);
      if (param.defaultArg !== null) {
        this.fodder(ref(param, 'eqFodder'), ctx);
        this.visit(nodeRef(param, 'defaultArg'), ctx);
      }
      this.fodder(ref(param, 'commaFodder'), ctx);
    }
    this.fodder(r, ctx);
  }

  arguments(l: Ref<Fodder>, args: Arguments, r: Ref<Fodder>, ctx: Context): void {
    this.fodder(l, ctx);
    for (const arg of args.positional) {
      this.visit(ref(arg, 'expr'), ctx);
      this.fodder(ref(arg, 'commaFodder'), ctx);
    }
    for (const arg of args.named) {
      this.fodder(ref(arg, 'nameFodder'), ctx);
      this.fodder(ref(arg, 'eqFodder'), ctx);
      this.visit(ref(arg, 'arg'), ctx);
      this.fodder(ref(arg, 'commaFodder'), ctx);
    }
    this.fodder(r, ctx);
  }

  /** FieldParams is factored out of ObjectField. */
  fieldParams(field: ObjectField, ctx: Context): void {
    const method = field.method;
    if (method !== null) {
      this.parameters(
        ref(method, 'parenLeftFodder'),
        method.parameters,
        ref(method, 'parenRightFodder'),
        ctx,
      );
    }
  }

  objectField(field: ObjectField, ctx: Context): void {
    switch (field.kind) {
      case ObjectFieldKind.ObjectLocal:
        this.fodder(ref(field, 'fodder1'), ctx);
        this.fodder(ref(field, 'fodder2'), ctx);
        this.fieldParams(field, ctx);
        this.fodder(ref(field, 'opFodder'), ctx);
        this.visit(nodeRef(field, 'expr2'), ctx);
        break;

      case ObjectFieldKind.ObjectFieldID:
        this.fodder(ref(field, 'fodder1'), ctx);
        this.fieldParams(field, ctx);
        this.fodder(ref(field, 'opFodder'), ctx);
        this.visit(nodeRef(field, 'expr2'), ctx);
        break;

      case ObjectFieldKind.ObjectFieldStr:
        this.visit(nodeRef(field, 'expr1'), ctx);
        this.fieldParams(field, ctx);
        this.fodder(ref(field, 'opFodder'), ctx);
        this.visit(nodeRef(field, 'expr2'), ctx);
        break;

      case ObjectFieldKind.ObjectFieldExpr:
        this.fodder(ref(field, 'fodder1'), ctx);
        this.visit(nodeRef(field, 'expr1'), ctx);
        this.fodder(ref(field, 'fodder2'), ctx);
        this.fieldParams(field, ctx);
        this.fodder(ref(field, 'opFodder'), ctx);
        this.visit(nodeRef(field, 'expr2'), ctx);
        break;

      case ObjectFieldKind.ObjectAssert:
        this.fodder(ref(field, 'fodder1'), ctx);
        this.visit(nodeRef(field, 'expr2'), ctx);
        if (field.expr3 !== null) {
          this.fodder(ref(field, 'opFodder'), ctx);
          this.visit(nodeRef(field, 'expr3'), ctx);
        }
        break;
    }
    this.fodder(ref(field, 'commaFodder'), ctx);
  }

  objectFields(fields: ObjectField[], ctx: Context): void {
    for (const field of fields) {
      this.objectField(field, ctx);
    }
  }

  apply(node: Apply, ctx: Context): void {
    this.visit(ref(node, 'target'), ctx);
    this.arguments(ref(node, 'fodderLeft'), node.arguments, ref(node, 'fodderRight'), ctx);
    if (node.tailStrict) {
      this.fodder(ref(node, 'tailStrictFodder'), ctx);
    }
  }

  applyBrace(node: ApplyBrace, ctx: Context): void {
    this.visit(ref(node, 'left'), ctx);
    this.visit(ref(node, 'right'), ctx);
  }

  array(node: ArrayNode, ctx: Context): void {
    for (const element of node.elements) {
      this.visit(ref(element, 'expr'), ctx);
      this.fodder(ref(element, 'commaFodder'), ctx);
    }
    this.fodder(ref(node, 'closeFodder'), ctx);
  }

  arrayComp(node: ArrayComp, ctx: Context): void {
    this.visit(ref(node, 'body'), ctx);
    this.fodder(ref(node, 'trailingCommaFodder'), ctx);
    this.forSpec(node.spec, ctx);
    this.fodder(ref(node, 'closeFodder'), ctx);
  }

  assert(node: Assert, ctx: Context): void {
    this.visit(ref(node, 'cond'), ctx);
    if (node.message !== null) {
      this.fodder(ref(node, 'colonFodder'), ctx);
      this.visit(nodeRef(node, 'message'), ctx);
    }
    this.fodder(ref(node, 'semicolonFodder'), ctx);
    this.visit(ref(node, 'rest'), ctx);
  }

  binary(node: Binary, ctx: Context): void {
    this.visit(ref(node, 'left'), ctx);
    this.fodder(ref(node, 'opFodder'), ctx);
    this.visit(ref(node, 'right'), ctx);
  }

  conditional(node: Conditional, ctx: Context): void {
    this.visit(ref(node, 'cond'), ctx);
    this.fodder(ref(node, 'thenFodder'), ctx);
    this.visit(ref(node, 'branchTrue'), ctx);
    if (node.branchFalse !== null) {
      this.fodder(ref(node, 'elseFodder'), ctx);
      this.visit(nodeRef(node, 'branchFalse'), ctx);
    }
  }

  dollar(_node: Dollar, _ctx: Context): void {}

  error(node: ErrorNode, ctx: Context): void {
    this.visit(ref(node, 'expr'), ctx);
  }

  function(node: FunctionNode, ctx: Context): void {
    this.parameters(ref(node, 'parenLeftFodder'), node.parameters, ref(node, 'parenRightFodder'), ctx);
    this.visit(ref(node, 'body'), ctx);
  }

  import(node: Import, ctx: Context): void {
    this.fodder(ref(node.file, 'fodder'), ctx);
    this.literalString(node.file, ctx);
  }

  importStr(node: ImportStr, ctx: Context): void {
    this.fodder(ref(node.file, 'fodder'), ctx);
    this.literalString(node.file, ctx);
  }

  importBin(node: ImportBin, ctx: Context): void {
    this.fodder(ref(node.file, 'fodder'), ctx);
    this.literalString(node.file, ctx);
  }

  index(node: Index, ctx: Context): void {
    this.visit(ref(node, 'target'), ctx);
    this.fodder(ref(node, 'leftBracketFodder'), ctx);
    if (node.id === null) {
      this.visit(nodeRef(node, 'index'), ctx);
      this.fodder(ref(node, 'rightBracketFodder'), ctx);
    }
  }

  inSuper(node: InSuper, ctx: Context): void {
    this.visit(ref(node, 'index'), ctx);
  }

  literalBoolean(_node: LiteralBoolean, _ctx: Context): void {}

  literalNull(_node: LiteralNull, _ctx: Context): void {}

  literalNumber(_node: LiteralNumber, _ctx: Context): void {}

  literalString(_node: LiteralString, _ctx: Context): void {}

  local(node: Local, ctx: Context): void {
    for (const bind of node.binds) {
      this.fodder(ref(bind, 'varFodder'), ctx);
      const fun = bind.fun;
      if (fun !== null) {
        this.parameters(ref(fun, 'parenLeftFodder'), fun.parameters, ref(fun, 'parenRightFodder'), ctx);
      }
      this.fodder(ref(bind, 'eqFodder'), ctx);
      this.visit(ref(bind, 'body'), ctx);
      this.fodder(ref(bind, 'closeFodder'), ctx);
    }
    this.visit(ref(node, 'body'), ctx);
  }

  object(node: ObjectNode, ctx: Context): void {
    this.objectFields(node.fields, ctx);
    this.fodder(ref(node, 'closeFodder'), ctx);
  }

  objectComp(node: ObjectComp, ctx: Context): void {
    this.objectFields(node.fields, ctx);
    this.forSpec(node.spec, ctx);
    this.fodder(ref(node, 'closeFodder'), ctx);
  }

  parens(node: Parens, ctx: Context): void {
    this.visit(ref(node, 'inner'), ctx);
    this.fodder(ref(node, 'closeFodder'), ctx);
  }

  self(_node: Self, _ctx: Context): void {}

  slice(node: Slice, ctx: Context): void {
    this.visit(ref(node, 'target'), ctx);
    this.fodder(ref(node, 'leftBracketFodder'), ctx);
    if (node.beginIndex !== null) {
      this.visit(nodeRef(node, 'beginIndex'), ctx);
    }
    this.fodder(ref(node, 'endColonFodder'), ctx);
    if (node.endIndex !== null) {
      this.visit(nodeRef(node, 'endIndex'), ctx);
    }
    this.fodder(ref(node, 'stepColonFodder'), ctx);
    if (node.step !== null) {
      this.visit(nodeRef(node, 'step'), ctx);
    }
    this.fodder(ref(node, 'rightBracketFodder'), ctx);
  }

  superIndex(node: SuperIndex, ctx: Context): void {
    this.fodder(ref(node, 'dotFodder'), ctx);
    if (node.id === null) {
      this.visit(nodeRef(node, 'index'), ctx);
    }
    this.fodder(ref(node, 'idFodder'), ctx);
  }

  unary(node: Unary, ctx: Context): void {
    this.visit(ref(node, 'expr'), ctx);
  }

  var(_node: Var, _ctx: Context): void {}

  /** Visit traverses into an arbitrary node type. */
  visit(slot: Ref<Node>, ctx: Context): void {
    const node = slot.get();
    this.fodder(ref(node, 'fodder'), ctx);

    // One map lookup instead of a chain of instanceof tests (every pass visits every node).
    (dispatch.get(node.constructor) as ((p: Base, n: Node, c: Context) => void) | undefined)?.(
      this,
      node,
      ctx,
    );
  }

  /** BaseContext just returns null. */
  baseContext(): Context {
    return null;
  }

  /** File processes a whole Jsonnet file. */
  file(node: Ref<Node>, finalFodder: Ref<Fodder>): void {
    const ctx = this.baseContext();
    this.visit(node, ctx);
    this.fodder(finalFodder, ctx);
  }
}

/** Go's type switch in Visit: each node class to the Base method for it. */
const dispatch = new Map<unknown, (p: Base, n: never, c: Context) => void>([
  [Apply, (p, n: Apply, c) => p.apply(n, c)],
  [ApplyBrace, (p, n: ApplyBrace, c) => p.applyBrace(n, c)],
  [ArrayNode, (p, n: ArrayNode, c) => p.array(n, c)],
  [ArrayComp, (p, n: ArrayComp, c) => p.arrayComp(n, c)],
  [Assert, (p, n: Assert, c) => p.assert(n, c)],
  [Binary, (p, n: Binary, c) => p.binary(n, c)],
  [Conditional, (p, n: Conditional, c) => p.conditional(n, c)],
  [Dollar, (p, n: Dollar, c) => p.dollar(n, c)],
  [ErrorNode, (p, n: ErrorNode, c) => p.error(n, c)],
  [FunctionNode, (p, n: FunctionNode, c) => p.function(n, c)],
  [Import, (p, n: Import, c) => p.import(n, c)],
  [ImportStr, (p, n: ImportStr, c) => p.importStr(n, c)],
  [ImportBin, (p, n: ImportBin, c) => p.importBin(n, c)],
  [Index, (p, n: Index, c) => p.index(n, c)],
  [InSuper, (p, n: InSuper, c) => p.inSuper(n, c)],
  [LiteralBoolean, (p, n: LiteralBoolean, c) => p.literalBoolean(n, c)],
  [LiteralNull, (p, n: LiteralNull, c) => p.literalNull(n, c)],
  [LiteralNumber, (p, n: LiteralNumber, c) => p.literalNumber(n, c)],
  [LiteralString, (p, n: LiteralString, c) => p.literalString(n, c)],
  [Local, (p, n: Local, c) => p.local(n, c)],
  [ObjectNode, (p, n: ObjectNode, c) => p.object(n, c)],
  [ObjectComp, (p, n: ObjectComp, c) => p.objectComp(n, c)],
  [Parens, (p, n: Parens, c) => p.parens(n, c)],
  [Self, (p, n: Self, c) => p.self(n, c)],
  [Slice, (p, n: Slice, c) => p.slice(n, c)],
  [SuperIndex, (p, n: SuperIndex, c) => p.superIndex(n, c)],
  [Unary, (p, n: Unary, c) => p.unary(n, c)],
  [Var, (p, n: Var, c) => p.var(n, c)],
]);
