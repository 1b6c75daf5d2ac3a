// Port of go-jsonnet v0.22 internal/pass/pass.go (Apache-2.0): a visitor over the raw AST that
// passes subclass, overriding the methods for the parts they change.
//
// Go hands visitors `*ast.Node` / `*ast.Fodder` pointers so a pass can replace what they point at.
// Here such a pointer is a Ref: a getter/setter over one field of one object. Go's explicit
// `p ASTPass` receiver (for virtual dispatch) is `this`, and `c.Base.X(p, ...)` is `super.x(...)`.
//
// Go's `for _, x := range xs` loops over the AST are indexed loops here (also in the unparser
// and the passes): until V8 optimizes a function, for-of allocates an iterator result per
// element, and a formatter run is mostly code that is not optimized yet.
import {
  type Apply,
  type ApplyBrace,
  type Array as ArrayNode,
  type ArrayComp,
  type Arguments,
  type Assert,
  type Binary,
  type Conditional,
  type Dollar,
  type Error as ErrorNode,
  type Function as FunctionNode,
  type Import,
  type ImportBin,
  type ImportStr,
  type Index,
  type InSuper,
  type LiteralBoolean,
  type LiteralNull,
  type LiteralNumber,
  type LiteralString,
  type Local,
  NodeType,
  type Object as ObjectNode,
  type ObjectComp,
  ObjectFieldKind,
  type Parens,
  type Self,
  type Slice,
  type SuperIndex,
  type Unary,
  type Var,
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
 * A Ref to `obj[key]`: one small object of one class (Base makes one per fodder and child
 * visited for the passes that override fodder or visit, see Base.fodderAt).
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

/** The keys of O's Fodder fields. */
type FodderKey<O> = { [K in keyof O]: O[K] extends Fodder ? K : never }[keyof O];
/** The keys of O's node fields (a nullable one is only visited when set). */
type NodeKey<O> = { [K in keyof O]: O[K] extends Node | null ? K : never }[keyof O];

/** Base implements basic traversal so other passes can extend it. */
export class Base {
  // Only a pass that overrides fodder or visit can replace what Go's pointer points at, so only
  // such a pass is handed Refs by fodderAt and visitAt (a pass visits every fodder and child of
  // the AST; a Ref for each was most of the passes' garbage). fodderAt skips the fodder
  // altogether for a pass that overrides neither fodder nor fodderElement.
  private readonly fodderMode: 'ref' | 'elements' | 'none' =
    this.fodder !== Base.prototype.fodder
      ? 'ref'
      : this.fodderElement !== Base.prototype.fodderElement
        ? 'elements'
        : 'none';
  private readonly visitByRef: boolean = this.visit !== Base.prototype.visit;

  /** FodderElement cannot descend any further. */
  fodderElement(_element: FodderElement, _ctx: Context): void {}

  fodder(fodder: Ref<Fodder>, ctx: Context): void {
    this.fodderElements(fodder.get(), ctx);
  }

  private fodderElements(f: Fodder, ctx: Context): void {
    for (let i = 0; i < f.length; i++) {
      this.fodderElement(f[i] as FodderElement, ctx);
    }
  }

  /** this.fodder(ref(obj, key), ctx): Go's `p.Fodder(p, &obj.key, ctx)`. */
  fodderAt<O extends object>(obj: O, key: FodderKey<O>, ctx: Context): void {
    if (this.fodderMode === 'ref') {
      this.fodder(ref(obj, key) as unknown as Ref<Fodder>, ctx);
    } else if (this.fodderMode === 'elements') {
      this.fodderElements(obj[key] as Fodder, ctx);
    }
  }

  /** this.visit(ref(obj, key), ctx): Go's `p.Visit(p, &obj.key, ctx)`. */
  visitAt<O extends object>(obj: O, key: NodeKey<O>, ctx: Context): void {
    if (this.visitByRef) {
      this.visit(nodeRef(obj, key), ctx);
    } else {
      this.visitNode(obj[key] as Node, ctx);
    }
  }

  forSpec(forSpec: ForSpec, ctx: Context): void {
    if (forSpec.outer !== null) {
      this.forSpec(forSpec.outer, ctx);
    }
    this.fodderAt(forSpec, 'forFodder', ctx);
    this.fodderAt(forSpec, 'varFodder', ctx);
    this.fodderAt(forSpec, 'inFodder', ctx);
    this.visitAt(forSpec, 'expr', ctx);
    for (let i = 0; i < forSpec.conditions.length; i++) {
      const cond = forSpec.conditions[i];
      this.fodderAt(cond, 'ifFodder', ctx);
      this.visitAt(cond, 'expr', ctx);
    }
  }

  parameters(l: Ref<Fodder>, params: Parameter[], r: Ref<Fodder>, ctx: Context): void {
    this.fodder(l, ctx);
    for (let i = 0; i < params.length; i++) {
      const param = params[i];
      this.fodderAt(param, 'nameFodder', ctx);
      if (param.defaultArg !== null) {
        this.fodderAt(param, 'eqFodder', ctx);
        this.visitAt(param, 'defaultArg', ctx);
      }
      this.fodderAt(param, 'commaFodder', ctx);
    }
    this.fodder(r, ctx);
  }

  arguments(l: Ref<Fodder>, args: Arguments, r: Ref<Fodder>, ctx: Context): void {
    this.fodder(l, ctx);
    for (let i = 0; i < args.positional.length; i++) {
      const arg = args.positional[i];
      this.visitAt(arg, 'expr', ctx);
      this.fodderAt(arg, 'commaFodder', ctx);
    }
    for (let i = 0; i < args.named.length; i++) {
      const arg = args.named[i];
      this.fodderAt(arg, 'nameFodder', ctx);
      this.fodderAt(arg, 'eqFodder', ctx);
      this.visitAt(arg, 'arg', ctx);
      this.fodderAt(arg, 'commaFodder', ctx);
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
        this.fodderAt(field, 'fodder1', ctx);
        this.fodderAt(field, 'fodder2', ctx);
        this.fieldParams(field, ctx);
        this.fodderAt(field, 'opFodder', ctx);
        this.visitAt(field, 'expr2', ctx);
        break;

      case ObjectFieldKind.ObjectFieldID:
        this.fodderAt(field, 'fodder1', ctx);
        this.fieldParams(field, ctx);
        this.fodderAt(field, 'opFodder', ctx);
        this.visitAt(field, 'expr2', ctx);
        break;

      case ObjectFieldKind.ObjectFieldStr:
        this.visitAt(field, 'expr1', ctx);
        this.fieldParams(field, ctx);
        this.fodderAt(field, 'opFodder', ctx);
        this.visitAt(field, 'expr2', ctx);
        break;

      case ObjectFieldKind.ObjectFieldExpr:
        this.fodderAt(field, 'fodder1', ctx);
        this.visitAt(field, 'expr1', ctx);
        this.fodderAt(field, 'fodder2', ctx);
        this.fieldParams(field, ctx);
        this.fodderAt(field, 'opFodder', ctx);
        this.visitAt(field, 'expr2', ctx);
        break;

      case ObjectFieldKind.ObjectAssert:
        this.fodderAt(field, 'fodder1', ctx);
        this.visitAt(field, 'expr2', ctx);
        if (field.expr3 !== null) {
          this.fodderAt(field, 'opFodder', ctx);
          this.visitAt(field, 'expr3', ctx);
        }
        break;
    }
    this.fodderAt(field, 'commaFodder', ctx);
  }

  objectFields(fields: ObjectField[], ctx: Context): void {
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      this.objectField(field, ctx);
    }
  }

  apply(node: Apply, ctx: Context): void {
    this.visitAt(node, 'target', ctx);
    this.arguments(ref(node, 'fodderLeft'), node.arguments, ref(node, 'fodderRight'), ctx);
    if (node.tailStrict) {
      this.fodderAt(node, 'tailStrictFodder', ctx);
    }
  }

  applyBrace(node: ApplyBrace, ctx: Context): void {
    this.visitAt(node, 'left', ctx);
    this.visitAt(node, 'right', ctx);
  }

  array(node: ArrayNode, ctx: Context): void {
    for (let i = 0; i < node.elements.length; i++) {
      const element = node.elements[i];
      this.visitAt(element, 'expr', ctx);
      this.fodderAt(element, 'commaFodder', ctx);
    }
    this.fodderAt(node, 'closeFodder', ctx);
  }

  arrayComp(node: ArrayComp, ctx: Context): void {
    this.visitAt(node, 'body', ctx);
    this.fodderAt(node, 'trailingCommaFodder', ctx);
    this.forSpec(node.spec, ctx);
    this.fodderAt(node, 'closeFodder', ctx);
  }

  assert(node: Assert, ctx: Context): void {
    this.visitAt(node, 'cond', ctx);
    if (node.message !== null) {
      this.fodderAt(node, 'colonFodder', ctx);
      this.visitAt(node, 'message', ctx);
    }
    this.fodderAt(node, 'semicolonFodder', ctx);
    this.visitAt(node, 'rest', ctx);
  }

  binary(node: Binary, ctx: Context): void {
    this.visitAt(node, 'left', ctx);
    this.fodderAt(node, 'opFodder', ctx);
    this.visitAt(node, 'right', ctx);
  }

  conditional(node: Conditional, ctx: Context): void {
    this.visitAt(node, 'cond', ctx);
    this.fodderAt(node, 'thenFodder', ctx);
    this.visitAt(node, 'branchTrue', ctx);
    if (node.branchFalse !== null) {
      this.fodderAt(node, 'elseFodder', ctx);
      this.visitAt(node, 'branchFalse', ctx);
    }
  }

  dollar(_node: Dollar, _ctx: Context): void {}

  error(node: ErrorNode, ctx: Context): void {
    this.visitAt(node, 'expr', ctx);
  }

  function(node: FunctionNode, ctx: Context): void {
    this.parameters(ref(node, 'parenLeftFodder'), node.parameters, ref(node, 'parenRightFodder'), ctx);
    this.visitAt(node, 'body', ctx);
  }

  import(node: Import, ctx: Context): void {
    this.fodderAt(node.file, 'fodder', ctx);
    this.literalString(node.file, ctx);
  }

  importStr(node: ImportStr, ctx: Context): void {
    this.fodderAt(node.file, 'fodder', ctx);
    this.literalString(node.file, ctx);
  }

  importBin(node: ImportBin, ctx: Context): void {
    this.fodderAt(node.file, 'fodder', ctx);
    this.literalString(node.file, ctx);
  }

  index(node: Index, ctx: Context): void {
    this.visitAt(node, 'target', ctx);
    this.fodderAt(node, 'leftBracketFodder', ctx);
    if (node.id === null) {
      this.visitAt(node, 'index', ctx);
      this.fodderAt(node, 'rightBracketFodder', ctx);
    }
  }

  inSuper(node: InSuper, ctx: Context): void {
    this.visitAt(node, 'index', ctx);
  }

  literalBoolean(_node: LiteralBoolean, _ctx: Context): void {}

  literalNull(_node: LiteralNull, _ctx: Context): void {}

  literalNumber(_node: LiteralNumber, _ctx: Context): void {}

  literalString(_node: LiteralString, _ctx: Context): void {}

  local(node: Local, ctx: Context): void {
    for (let i = 0; i < node.binds.length; i++) {
      const bind = node.binds[i];
      this.fodderAt(bind, 'varFodder', ctx);
      const fun = bind.fun;
      if (fun !== null) {
        this.parameters(ref(fun, 'parenLeftFodder'), fun.parameters, ref(fun, 'parenRightFodder'), ctx);
      }
      this.fodderAt(bind, 'eqFodder', ctx);
      this.visitAt(bind, 'body', ctx);
      this.fodderAt(bind, 'closeFodder', ctx);
    }
    this.visitAt(node, 'body', ctx);
  }

  object(node: ObjectNode, ctx: Context): void {
    this.objectFields(node.fields, ctx);
    this.fodderAt(node, 'closeFodder', ctx);
  }

  objectComp(node: ObjectComp, ctx: Context): void {
    this.objectFields(node.fields, ctx);
    this.forSpec(node.spec, ctx);
    this.fodderAt(node, 'closeFodder', ctx);
  }

  parens(node: Parens, ctx: Context): void {
    this.visitAt(node, 'inner', ctx);
    this.fodderAt(node, 'closeFodder', ctx);
  }

  self(_node: Self, _ctx: Context): void {}

  slice(node: Slice, ctx: Context): void {
    this.visitAt(node, 'target', ctx);
    this.fodderAt(node, 'leftBracketFodder', ctx);
    if (node.beginIndex !== null) {
      this.visitAt(node, 'beginIndex', ctx);
    }
    this.fodderAt(node, 'endColonFodder', ctx);
    if (node.endIndex !== null) {
      this.visitAt(node, 'endIndex', ctx);
    }
    this.fodderAt(node, 'stepColonFodder', ctx);
    if (node.step !== null) {
      this.visitAt(node, 'step', ctx);
    }
    this.fodderAt(node, 'rightBracketFodder', ctx);
  }

  superIndex(node: SuperIndex, ctx: Context): void {
    this.fodderAt(node, 'dotFodder', ctx);
    if (node.id === null) {
      this.visitAt(node, 'index', ctx);
    }
    this.fodderAt(node, 'idFodder', ctx);
  }

  unary(node: Unary, ctx: Context): void {
    this.visitAt(node, 'expr', ctx);
  }

  var(_node: Var, _ctx: Context): void {}

  /** Visit traverses into an arbitrary node type. */
  visit(slot: Ref<Node>, ctx: Context): void {
    this.visitNode(slot.get(), ctx);
  }

  /** Base's visit of the node in the slot. */
  private visitNode(node: Node, ctx: Context): void {
    this.fodderAt(node, 'fodder', ctx);

    // Go's type switch (every pass visits every node).
    switch (node.nodeType) {
      case NodeType.Apply:
        this.apply(node, ctx);
        break;
      case NodeType.ApplyBrace:
        this.applyBrace(node, ctx);
        break;
      case NodeType.Array:
        this.array(node, ctx);
        break;
      case NodeType.ArrayComp:
        this.arrayComp(node, ctx);
        break;
      case NodeType.Assert:
        this.assert(node, ctx);
        break;
      case NodeType.Binary:
        this.binary(node, ctx);
        break;
      case NodeType.Conditional:
        this.conditional(node, ctx);
        break;
      case NodeType.Dollar:
        this.dollar(node, ctx);
        break;
      case NodeType.Error:
        this.error(node, ctx);
        break;
      case NodeType.Function:
        this.function(node, ctx);
        break;
      case NodeType.Import:
        this.import(node, ctx);
        break;
      case NodeType.ImportStr:
        this.importStr(node, ctx);
        break;
      case NodeType.ImportBin:
        this.importBin(node, ctx);
        break;
      case NodeType.Index:
        this.index(node, ctx);
        break;
      case NodeType.InSuper:
        this.inSuper(node, ctx);
        break;
      case NodeType.LiteralBoolean:
        this.literalBoolean(node, ctx);
        break;
      case NodeType.LiteralNull:
        this.literalNull(node, ctx);
        break;
      case NodeType.LiteralNumber:
        this.literalNumber(node, ctx);
        break;
      case NodeType.LiteralString:
        this.literalString(node, ctx);
        break;
      case NodeType.Local:
        this.local(node, ctx);
        break;
      case NodeType.Object:
        this.object(node, ctx);
        break;
      case NodeType.ObjectComp:
        this.objectComp(node, ctx);
        break;
      case NodeType.Parens:
        this.parens(node, ctx);
        break;
      case NodeType.Self:
        this.self(node, ctx);
        break;
      case NodeType.Slice:
        this.slice(node, ctx);
        break;
      case NodeType.SuperIndex:
        this.superIndex(node, ctx);
        break;
      case NodeType.Unary:
        this.unary(node, ctx);
        break;
      case NodeType.Var:
        this.var(node, ctx);
        break;
    }
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
