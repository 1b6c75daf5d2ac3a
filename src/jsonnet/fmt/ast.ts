// The raw (non-desugared) Jsonnet AST with fodder that the formatter works on.
// Port of go-jsonnet v0.22 ast/ast.go, ast/fodder.go, ast/clone.go and the parts of
// ast/location.go the parser and formatter need (Apache-2.0).
//
// Go value structs (ForSpec, ObjectField, ...) are classes here; where Go copies a struct by
// value, a port must copy explicitly. A Fodder array is shared by reference, its elements are
// mutable objects (as a Go slice's backing array is shared).

// Node classes named Object, Array, Error and Function shadow the globals in this module.
const assignFields = globalThis.Object.assign;

// ---------------------------------------------------------------------------
// Location (location.go)

/** A source file (Go's Source): its diagnostic name and lines, each ending in '\n'. */
export class Source {
  constructor(
    public diagnosticFileName: string,
    public lines: string[],
  ) {}
}

/** A single location in a file: 1-based line and column (0 line means not set). */
export class Location {
  constructor(
    public line = 0,
    public column = 0,
  ) {}

  isSet(): boolean {
    return this.line !== 0;
  }

  toString(): string {
    return `${this.line}:${this.column}`;
  }
}

/** Whether a refers to a location closer to the beginning of the file than b. */
export function locationBefore(a: Location, b: Location): boolean {
  if (a.line !== b.line) return a.line < b.line;
  return a.column < b.column;
}

/** A range of a source file; end is exclusive (one past the last character). */
export class LocationRange {
  constructor(
    public fileName = '',
    public file: Source | null = null,
    public begin: Location = new Location(),
    public end: Location = new Location(),
  ) {}

  isSet(): boolean {
    return this.begin.isSet();
  }

  toString(): string {
    if (!this.isSet()) return this.fileName;
    const filePrefix =
      this.file !== null && this.file.diagnosticFileName.length > 0 ? `${this.file.diagnosticFileName}:` : '';
    if (this.begin.line === this.end.line) {
      if (this.begin.column === this.end.column) return `${filePrefix}${this.begin.toString()}`;
      return `${filePrefix}${this.begin.toString()}-${this.end.column}`;
    }
    return `${filePrefix}(${this.begin.toString()})-(${this.end.toString()})`;
  }
}

export function makeLocationRange(
  fn: string,
  fc: Source | null,
  begin: Location,
  end: Location,
): LocationRange {
  return new LocationRange(fn, fc, begin, end);
}

/** A LocationRange containing both a and b. */
export function locationRangeBetween(a: LocationRange, b: LocationRange): LocationRange {
  if (a.file !== b.file) throw new globalThis.Error('Cannot create a LocationRange between different files');
  return makeLocationRange(a.fileName, a.file, a.begin, b.end);
}

/** Splits a source into lines as Go's BuildSource does: each line keeps its '\n'. */
export function buildSource(diagnosticFileName: string, s: string): Source {
  const result: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\n') {
      result.push(s.slice(start, i + 1));
      start = i + 1;
    }
  }
  result.push(s.slice(start) + '\n');
  return new Source(diagnosticFileName, result);
}

// ---------------------------------------------------------------------------
// Fodder (fodder.go)

export enum FodderKind {
  /**
   * A line ending: the next token, paragraph or interstitial goes on a new line. It may carry
   * one comment, which flows before the new line. It sets indent and vertical spacing.
   */
  FodderLineEnd,
  /** A /* C-style *\/ comment in the middle of a line; exactly one comment string. */
  FodderInterstitial,
  /** A comment of at least one line; sets indent and vertical spacing of what follows. */
  FodderParagraph,
}

export class FodderElement {
  constructor(
    public comment: string[],
    public kind: FodderKind,
    public blanks: number,
    public indent: number,
  ) {}
}

/** Stuff a lexer usually throws away (whitespace, comments), kept to round-trip the source. */
export type Fodder = FodderElement[];

/** Makes a fodder element, checking the preconditions Go's MakeFodderElement checks. */
export function makeFodderElement(
  kind: FodderKind,
  blanks: number,
  indent: number,
  comment: string[],
): FodderElement {
  if (kind === FodderKind.FodderLineEnd && comment.length > 1) {
    throw new globalThis.Error(`FodderLineEnd but comment == ${JSON.stringify(comment)}.`);
  }
  if (kind === FodderKind.FodderInterstitial && blanks > 0) {
    throw new globalThis.Error(`FodderInterstitial but blanks == ${blanks}`);
  }
  if (kind === FodderKind.FodderInterstitial && indent > 0) {
    throw new globalThis.Error(`FodderInterstitial but indent == ${blanks}`);
  }
  if (kind === FodderKind.FodderInterstitial && comment.length !== 1) {
    throw new globalThis.Error(`FodderInterstitial but comment == ${JSON.stringify(comment)}.`);
  }
  if (kind === FodderKind.FodderParagraph && comment.length === 0) {
    throw new globalThis.Error('FodderParagraph but comment was empty');
  }
  return new FodderElement(comment, kind, blanks, indent);
}

/** True if the fodder doesn't end with an interstitial (and is not empty). */
export function fodderHasCleanEndline(fodder: Fodder): boolean {
  return fodder.length > 0 && fodder[fodder.length - 1].kind !== FodderKind.FodderInterstitial;
}

/** Appends elem to a (in place) but preserves the fodder constraints; see fodderConcat. */
export function fodderAppend(a: Fodder, elem: FodderElement): void {
  if (fodderHasCleanEndline(a) && elem.kind === FodderKind.FodderLineEnd) {
    if (elem.comment.length > 0) {
      // The line end had a comment, so create a single line paragraph for it.
      a.push(makeFodderElement(FodderKind.FodderParagraph, elem.blanks, elem.indent, elem.comment));
    } else {
      // Merge it into the previous line end.
      const back = a[a.length - 1];
      back.indent = elem.indent;
      back.blanks += elem.blanks;
    }
  } else {
    if (!fodderHasCleanEndline(a) && elem.kind === FodderKind.FodderParagraph) {
      a.push(makeFodderElement(FodderKind.FodderLineEnd, 0, elem.indent, []));
    }
    a.push(elem);
  }
}

/**
 * Concatenates two fodders preserving the constraints: a FodderLineEnd may not follow a
 * FodderParagraph or a FodderLineEnd. Like Go, returns b or a itself when the other is empty;
 * otherwise a new array (whose first elements are a's, possibly with the last one merged into).
 */
export function fodderConcat(a: Fodder, b: Fodder): Fodder {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const r = a.slice();
  // Carefully add the first element of b.
  fodderAppend(r, b[0]);
  for (let i = 1; i < b.length; i++) r.push(b[i]);
  return r;
}

/**
 * Moves b to the front of a. Go's FodderMoveFront(a *Fodder, b *Fodder) assigns through both
 * pointers; here the result is written into the a array and b is emptied, both in place.
 */
export function fodderMoveFront(a: Fodder, b: Fodder): void {
  const r = fodderConcat(b, a);
  if (r !== a) a.splice(0, a.length, ...r);
  b.length = 0;
}

/** Adds a LineEnd to the fodder (in place) if necessary. */
export function fodderEnsureCleanNewline(fodder: Fodder): void {
  if (!fodderHasCleanEndline(fodder)) {
    fodderAppend(fodder, makeFodderElement(FodderKind.FodderLineEnd, 0, 0, []));
  }
}

/** The number of newline characters the fodder element represents. */
export function fodderElementCountNewlines(elem: FodderElement): number {
  switch (elem.kind) {
    case FodderKind.FodderInterstitial:
      return 0;
    case FodderKind.FodderLineEnd:
      return 1;
    case FodderKind.FodderParagraph:
      return elem.comment.length + elem.blanks;
  }
}

/** The number of newline characters the fodder represents. */
export function fodderCountNewlines(fodder: Fodder): number {
  let sum = 0;
  for (const elem of fodder) sum += fodderElementCountNewlines(elem);
  return sum;
}

// ---------------------------------------------------------------------------
// Nodes (ast.go)

/** Go's ast.Identifier. */
export type Identifier = string;
export type Identifiers = Identifier[];
/** The surrounding context of a node (e.g. the function it's in); Go's *string. */
export type Context = string | null;

/** The data fields of T (no methods). */
type Fields<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K];
};
/** Constructor argument: fields R are required, every other field defaults as Go's zero value. */
export type Init<T, R extends keyof Fields<T> = never> = Partial<Fields<T>> & Pick<Fields<T>, R>;

/** Fields common to all node types (Go's NodeBase, embedded in every node). */
const NO_FREE_VARS: Identifiers = globalThis.Object.freeze([]) as unknown as Identifiers;
const UNSET_LOCATION_RANGE = globalThis.Object.freeze(new LocationRange());

export abstract class NodeBase {
  /**
   * The fodder before the first token of the node. If the node is left-recursive (its first
   * token is a sub-expression's), it is empty: the fodder is stored as far inside as possible.
   */
  fodder: Fodder = [];
  ctx: Context = null;
  // Shared, frozen defaults: the parser sets both on the nodes it makes, and allocating them for
  // each node first was a tenth of the formatter's time.
  freeVars: Identifiers = NO_FREE_VARS;
  locRange: LocationRange = UNSET_LOCATION_RANGE;

  /** Go's Node.Loc(). */
  loc(): LocationRange {
    return this.locRange;
  }
}

export class IfSpec {
  expr!: Node;
  ifFodder: Fodder = [];
  constructor(init: Init<IfSpec, 'expr'>) {
    assignFields(this, init);
  }
}

/**
 * A for-specification in a comprehension. `expr for x in a for y in b for z in c` is
 * ForSpec(z, outer=ForSpec(y, outer=ForSpec(x, outer=null))); ifs attach to the one on their left.
 */
export class ForSpec {
  forFodder: Fodder = [];
  varFodder: Fodder = [];
  conditions: IfSpec[] = [];
  outer: ForSpec | null = null;
  expr!: Node;
  varName: Identifier = '';
  inFodder: Fodder = [];
  constructor(init: Init<ForSpec, 'expr'>) {
    assignFields(this, init);
  }
}

/** A function call. */
export class Apply extends NodeBase {
  target!: Node;
  fodderLeft: Fodder = [];
  arguments: Arguments = new Arguments();
  fodderRight: Fodder = [];
  tailStrictFodder: Fodder = [];
  /** Always false if there were no arguments. */
  trailingComma = false;
  tailStrict = false;
  constructor(init: Init<Apply, 'target'>) {
    super();
    assignFields(this, init);
  }
}

/** A named argument to a function call: x=1. */
export class NamedArgument {
  nameFodder: Fodder = [];
  name: Identifier = '';
  eqFodder: Fodder = [];
  arg!: Node;
  commaFodder: Fodder = [];
  constructor(init: Init<NamedArgument, 'arg'>) {
    assignFields(this, init);
  }
}

/** An element of a comma-separated list of expressions (array elements, call arguments). */
export class CommaSeparatedExpr {
  expr!: Node;
  commaFodder: Fodder = [];
  constructor(init: Init<CommaSeparatedExpr, 'expr'>) {
    assignFields(this, init);
  }
}

/** Positional and named arguments to a function call: f(x, y, z=1). */
export class Arguments {
  positional: CommaSeparatedExpr[] = [];
  named: NamedArgument[] = [];
  constructor(init: Init<Arguments> = {}) {
    assignFields(this, init);
  }
}

/** e { }, desugared to e + { }. */
export class ApplyBrace extends NodeBase {
  left!: Node;
  right!: Node;
  constructor(init: Init<ApplyBrace, 'left' | 'right'>) {
    super();
    assignFields(this, init);
  }
}

/** An array constructor [1, 2, 3]. */
export class Array extends NodeBase {
  elements: CommaSeparatedExpr[] = [];
  closeFodder: Fodder = [];
  /** Always false if there were no elements. */
  trailingComma = false;
  constructor(init: Init<Array> = {}) {
    super();
    assignFields(this, init);
  }
}

/** An array comprehension. */
export class ArrayComp extends NodeBase {
  body!: Node;
  trailingCommaFodder: Fodder = [];
  spec!: ForSpec;
  closeFodder: Fodder = [];
  trailingComma = false;
  constructor(init: Init<ArrayComp, 'body' | 'spec'>) {
    super();
    assignFields(this, init);
  }
}

/** An assert expression (not an object-level assert); message may be null. */
export class Assert extends NodeBase {
  cond!: Node;
  message: Node | null = null;
  rest!: Node;
  colonFodder: Fodder = [];
  semicolonFodder: Fodder = [];
  constructor(init: Init<Assert, 'cond' | 'rest'>) {
    super();
    assignFields(this, init);
  }
}

export enum BinaryOp {
  BopMult,
  BopDiv,
  BopPercent,

  BopPlus,
  BopMinus,

  BopShiftL,
  BopShiftR,

  BopGreater,
  BopGreaterEq,
  BopLess,
  BopLessEq,
  BopIn,

  BopManifestEqual,
  BopManifestUnequal,

  BopBitwiseAnd,
  BopBitwiseXor,
  BopBitwiseOr,

  BopAnd,
  BopOr,
}

const bopStrings: string[] = [
  '*',
  '/',
  '%',
  '+',
  '-',
  '<<',
  '>>',
  '>',
  '>=',
  '<',
  '<=',
  'in',
  '==',
  '!=',
  '&',
  '^',
  '|',
  '&&',
  '||',
];

/** From binary operator token strings to BinaryOp values (Go's BopMap). */
export const bopMap: ReadonlyMap<string, BinaryOp> = new Map(bopStrings.map((s, i) => [s, i as BinaryOp]));

/** Go's BinaryOp.String(). */
export function binaryOpString(b: BinaryOp): string {
  if (b < 0 || b >= bopStrings.length) {
    throw new globalThis.Error(`INTERNAL ERROR: Unrecognised binary operator: ${b}`);
  }
  return bopStrings[b];
}

export class Binary extends NodeBase {
  right!: Node;
  left!: Node;
  opFodder: Fodder = [];
  op!: BinaryOp;
  constructor(init: Init<Binary, 'right' | 'left' | 'op'>) {
    super();
    assignFields(this, init);
  }
}

/** if/then/else; branchFalse is null when there is no else branch. */
export class Conditional extends NodeBase {
  cond!: Node;
  branchTrue!: Node;
  branchFalse: Node | null = null;
  thenFodder: Fodder = [];
  elseFodder: Fodder = [];
  constructor(init: Init<Conditional, 'cond' | 'branchTrue'>) {
    super();
    assignFields(this, init);
  }
}

/** The $ keyword. */
export class Dollar extends NodeBase {
  constructor(init: Init<Dollar> = {}) {
    super();
    assignFields(this, init);
  }
}

/** error e. */
export class Error extends NodeBase {
  expr!: Node;
  constructor(init: Init<Error, 'expr'>) {
    super();
    assignFields(this, init);
  }
}

/** A function definition. */
export class Function extends NodeBase {
  parenLeftFodder: Fodder = [];
  parenRightFodder: Fodder = [];
  body!: Node;
  parameters: Parameter[] = [];
  /** Always false if there were no parameters. */
  trailingComma = false;
  constructor(init: Init<Function, 'body'>) {
    super();
    assignFields(this, init);
  }
}

/**
 * A function parameter. With defaultArg it's an optional named parameter; otherwise it's
 * positional and eqFodder is unused.
 */
export class Parameter {
  nameFodder: Fodder = [];
  name: Identifier = '';
  commaFodder: Fodder = [];
  eqFodder: Fodder = [];
  defaultArg: Node | null = null;
  locRange: LocationRange = new LocationRange();
  constructor(init: Init<Parameter> = {}) {
    assignFields(this, init);
  }
}

/** An element of a comma-separated list of identifiers. */
export class CommaSeparatedID {
  nameFodder: Fodder = [];
  name: Identifier = '';
  commaFodder: Fodder = [];
  constructor(init: Init<CommaSeparatedID> = {}) {
    assignFields(this, init);
  }
}

/** import "file". */
export class Import extends NodeBase {
  file!: LiteralString;
  constructor(init: Init<Import, 'file'>) {
    super();
    assignFields(this, init);
  }
}

/** importstr "file". */
export class ImportStr extends NodeBase {
  file!: LiteralString;
  constructor(init: Init<ImportStr, 'file'>) {
    super();
    assignFields(this, init);
  }
}

/** importbin "file". */
export class ImportBin extends NodeBase {
  file!: LiteralString;
  constructor(init: Init<ImportBin, 'file'>) {
    super();
    assignFields(this, init);
  }
}

/** e[e] and the sugar e.f: exactly one of index and id is set. */
export class Index extends NodeBase {
  target!: Node;
  index: Node | null = null;
  /** With index, the fodder before the ']'; with id, the fodder before the id. */
  rightBracketFodder: Fodder = [];
  /** With index, the fodder before the '['; with id, the fodder before the '.'. */
  leftBracketFodder: Fodder = [];
  id: Identifier | null = null;
  constructor(init: Init<Index, 'target'>) {
    super();
    assignFields(this, init);
  }
}

/** An array slice a[begin:end:step]; each of the three may be null. */
export class Slice extends NodeBase {
  target!: Node;
  leftBracketFodder: Fodder = [];
  beginIndex: Node | null = null;
  endColonFodder: Fodder = [];
  endIndex: Node | null = null;
  stepColonFodder: Fodder = [];
  step: Node | null = null;
  rightBracketFodder: Fodder = [];
  constructor(init: Init<Slice, 'target'>) {
    super();
    assignFields(this, init);
  }
}

/** One binding of a local. */
export class LocalBind {
  varFodder: Fodder = [];
  /** If fun is set then its body === body. */
  body!: Node;
  eqFodder: Fodder = [];
  variable: Identifier = '';
  /** The fodder before the closing ',' or ';' (whichever it is). */
  closeFodder: Fodder = [];
  /** There is no base fodder in fun because there was no `function` keyword. */
  fun: Function | null = null;
  locRange: LocationRange = new LocationRange();
  constructor(init: Init<LocalBind, 'body'>) {
    assignFields(this, init);
  }
}

export type LocalBinds = LocalBind[];

/** local x = e; e. */
export class Local extends NodeBase {
  binds: LocalBinds = [];
  body!: Node;
  constructor(init: Init<Local, 'body'>) {
    super();
    assignFields(this, init);
  }
}

export class LiteralBoolean extends NodeBase {
  value = false;
  constructor(init: Init<LiteralBoolean> = {}) {
    super();
    assignFields(this, init);
  }
}

export class LiteralNull extends NodeBase {
  constructor(init: Init<LiteralNull> = {}) {
    super();
    assignFields(this, init);
  }
}

export class LiteralNumber extends NodeBase {
  originalString = '';
  constructor(init: Init<LiteralNumber> = {}) {
    super();
    assignFields(this, init);
  }
}

export enum LiteralStringKind {
  StringSingle,
  StringDouble,
  StringBlock,
  VerbatimStringDouble,
  VerbatimStringSingle,
}

/** True iff strings of the kind may contain escape sequences that need unescaping. */
export function literalStringKindFullyEscaped(k: LiteralStringKind): boolean {
  switch (k) {
    case LiteralStringKind.StringSingle:
    case LiteralStringKind.StringDouble:
      return true;
    case LiteralStringKind.StringBlock:
    case LiteralStringKind.VerbatimStringDouble:
    case LiteralStringKind.VerbatimStringSingle:
      return false;
  }
}

export class LiteralString extends NodeBase {
  value = '';
  blockIndent = '';
  blockTermIndent = '';
  kind: LiteralStringKind = LiteralStringKind.StringSingle;
  constructor(init: Init<LiteralString> = {}) {
    super();
    assignFields(this, init);
  }
}

/**
 * The kind of an object field. <colon> is <opF> (':' | '::' | ':::' | '+:' | '+::' | '+:::');
 * f1, f2, opF and commaF are the fodder fields. Method sugar applies to all but ObjectAssert.
 */
export enum ObjectFieldKind {
  /** <f1> 'assert' <expr2> [<opF> ':' <expr3>] <commaF>, expr3 may be null */
  ObjectAssert,
  /** <f1> <id> <colon> <expr2> <commaF> */
  ObjectFieldID,
  /** <f1> '[' <expr1> <f2> ']' <colon> <expr2> <commaF> */
  ObjectFieldExpr,
  /** <expr1> <colon> <expr2> <commaF> */
  ObjectFieldStr,
  /** <f1> 'local' <f2> <id> '=' <expr2> <commaF> */
  ObjectLocal,
}

export enum ObjectFieldHide {
  /** f:: e */
  ObjectFieldHidden,
  /** f: e */
  ObjectFieldInherit,
  /** f::: e */
  ObjectFieldVisible,
}

/** A field of an object or object comprehension. */
export class ObjectField {
  /**
   * f(x, y, z): ... (ignore if kind is ObjectAssert). If method is set then expr2 === method.body.
   * There is no base fodder in method because there was no `function` keyword.
   */
  method: Function | null = null;
  id: Identifier | null = null;
  fodder2: Fodder = [];
  fodder1: Fodder = [];
  opFodder: Fodder = [];
  commaFodder: Fodder = [];
  /** Not in scope of the object. */
  expr1: Node | null = null;
  /** In scope of the object (can see self). */
  expr2: Node | null = null;
  expr3: Node | null = null;
  locRange: LocationRange = new LocationRange();
  kind: ObjectFieldKind = ObjectFieldKind.ObjectAssert;
  /** Ignore if kind is not ObjectFieldID/Expr/Str. */
  hide: ObjectFieldHide = ObjectFieldHide.ObjectFieldHidden;
  /** +: (ignore if kind is not ObjectFieldID/Expr/Str). */
  superSugar = false;
  constructor(init: Init<ObjectField> = {}) {
    assignFields(this, init);
  }
}

/** A non-method local object field. */
export function objectFieldLocalNoMethod(id: Identifier | null, body: Node, loc: LocationRange): ObjectField {
  return new ObjectField({
    kind: ObjectFieldKind.ObjectLocal,
    hide: ObjectFieldHide.ObjectFieldVisible,
    id,
    expr2: body,
    locRange: loc,
  });
}

export type ObjectFields = ObjectField[];

/** An object constructor { f: e ... }; trailing comma only if there are fields. */
export class Object extends NodeBase {
  fields: ObjectFields = [];
  closeFodder: Fodder = [];
  trailingComma = false;
  constructor(init: Init<Object> = {}) {
    super();
    assignFields(this, init);
  }
}

export class DesugaredObjectField {
  name!: Node;
  body!: Node;
  locRange: LocationRange = new LocationRange();
  hide: ObjectFieldHide = ObjectFieldHide.ObjectFieldHidden;
  plusSuper = false;
  constructor(init: Init<DesugaredObjectField, 'name' | 'body'>) {
    assignFields(this, init);
  }
}

export type DesugaredObjectFields = DesugaredObjectField[];

/** An object after desugaring (not produced by the formatter's parser). */
export class DesugaredObject extends NodeBase {
  asserts: Node[] = [];
  fields: DesugaredObjectFields = [];
  locals: LocalBinds = [];
  constructor(init: Init<DesugaredObject> = {}) {
    super();
    assignFields(this, init);
  }
}

/** An object comprehension { [e]: e for x in e for.. if... }. */
export class ObjectComp extends NodeBase {
  fields: ObjectFields = [];
  trailingCommaFodder: Fodder = [];
  closeFodder: Fodder = [];
  spec!: ForSpec;
  trailingComma = false;
  constructor(init: Init<ObjectComp, 'spec'>) {
    super();
    assignFields(this, init);
  }
}

/** ( e ) */
export class Parens extends NodeBase {
  inner!: Node;
  closeFodder: Fodder = [];
  constructor(init: Init<Parens, 'inner'>) {
    super();
    assignFields(this, init);
  }
}

/** The self keyword. */
export class Self extends NodeBase {
  constructor(init: Init<Self> = {}) {
    super();
    assignFields(this, init);
  }
}

/** super[e] and super.f: exactly one of index and id is set. */
export class SuperIndex extends NodeBase {
  /** With super.f, the fodder before the 'f'; with super[e], the fodder before the ']'. */
  idFodder: Fodder = [];
  index: Node | null = null;
  /** With super.f, the fodder before the '.'; with super[e], the fodder before the '['. */
  dotFodder: Fodder = [];
  id: Identifier | null = null;
  constructor(init: Init<SuperIndex> = {}) {
    super();
    assignFields(this, init);
  }
}

/** e in super. */
export class InSuper extends NodeBase {
  index!: Node;
  inFodder: Fodder = [];
  superFodder: Fodder = [];
  constructor(init: Init<InSuper, 'index'>) {
    super();
    assignFields(this, init);
  }
}

export enum UnaryOp {
  UopNot,
  UopBitwiseNot,
  UopPlus,
  UopMinus,
}

const uopStrings: string[] = ['!', '~', '+', '-'];

/** From unary operator token strings to UnaryOp values (Go's UopMap). */
export const uopMap: ReadonlyMap<string, UnaryOp> = new Map(uopStrings.map((s, i) => [s, i as UnaryOp]));

/** Go's UnaryOp.String(). */
export function unaryOpString(u: UnaryOp): string {
  if (u < 0 || u >= uopStrings.length) {
    throw new globalThis.Error(`INTERNAL ERROR: Unrecognised unary operator: ${u}`);
  }
  return uopStrings[u];
}

export class Unary extends NodeBase {
  expr!: Node;
  op!: UnaryOp;
  constructor(init: Init<Unary, 'expr' | 'op'>) {
    super();
    assignFields(this, init);
  }
}

/** A variable reference. */
export class Var extends NodeBase {
  id: Identifier = '';
  constructor(init: Init<Var> = {}) {
    super();
    assignFields(this, init);
  }
}

/** Go's ast.Node: every node class. */
export type Node =
  | Apply
  | ApplyBrace
  | Array
  | ArrayComp
  | Assert
  | Binary
  | Conditional
  | Dollar
  | Error
  | Function
  | Import
  | ImportStr
  | ImportBin
  | Index
  | Slice
  | Local
  | LiteralBoolean
  | LiteralNull
  | LiteralNumber
  | LiteralString
  | Object
  | DesugaredObject
  | ObjectComp
  | Parens
  | Self
  | SuperIndex
  | InSuper
  | Unary
  | Var;

export type Nodes = Node[];

// ---------------------------------------------------------------------------
// Clone (clone.go)

/**
 * Go's `*r = *node`: a copy with the same class. Arrays are copied too, as Go copies slice
 * headers (appending to the copy's fodder must not change the original); their elements, like
 * the elements of a Go backing array, stay shared.
 */
function shallowCopy<T extends object>(v: T): T {
  const r = globalThis.Object.create(globalThis.Object.getPrototypeOf(v) as object) as T;
  assignFields(r, v);
  for (const key of globalThis.Object.keys(r) as (keyof T)[]) {
    const value = r[key];
    if (globalThis.Array.isArray(value)) r[key] = value.slice() as T[keyof T];
  }
  return r;
}

function cloneOrNull(node: Node | null): Node | null {
  return node === null ? null : clone(node);
}

/** A deep copy of a ForSpec. */
function cloneForSpec(spec: ForSpec): ForSpec {
  const r = shallowCopy(spec);
  r.expr = clone(r.expr);
  if (r.outer !== null) r.outer = cloneForSpec(r.outer);
  r.conditions = r.conditions.map((c) => {
    const cc = shallowCopy(c);
    cc.expr = clone(cc.expr);
    return cc;
  });
  return r;
}

function cloneField(field: ObjectField): ObjectField {
  const r = shallowCopy(field);
  if (r.method !== null) r.method = clone(r.method) as Function;
  r.expr1 = cloneOrNull(r.expr1);
  r.expr2 = cloneOrNull(r.expr2);
  r.expr3 = cloneOrNull(r.expr3);
  return r;
}

function cloneDesugaredField(field: DesugaredObjectField): DesugaredObjectField {
  const r = shallowCopy(field);
  r.name = clone(r.name);
  r.body = clone(r.body);
  return r;
}

function cloneCommaSeparatedExprs(list: CommaSeparatedExpr[]): CommaSeparatedExpr[] {
  return list.map((e) => {
    const r = shallowCopy(e);
    r.expr = clone(r.expr);
    return r;
  });
}

/** An independent deep copy of an AST (Go's ast.Clone). */
export function clone(node: Node): Node {
  if (node instanceof Apply) {
    const r = shallowCopy(node);
    r.target = clone(r.target);
    r.arguments = shallowCopy(r.arguments);
    r.arguments.positional = cloneCommaSeparatedExprs(r.arguments.positional);
    r.arguments.named = r.arguments.named.map((a) => {
      const ra = shallowCopy(a);
      ra.arg = clone(ra.arg);
      return ra;
    });
    return r;
  }
  if (node instanceof ApplyBrace) {
    const r = shallowCopy(node);
    r.left = clone(r.left);
    r.right = clone(r.right);
    return r;
  }
  if (node instanceof Array) {
    const r = shallowCopy(node);
    r.elements = cloneCommaSeparatedExprs(r.elements);
    return r;
  }
  if (node instanceof ArrayComp) {
    const r = shallowCopy(node);
    r.body = clone(r.body);
    r.spec = cloneForSpec(r.spec);
    return r;
  }
  if (node instanceof Assert) {
    const r = shallowCopy(node);
    r.cond = clone(r.cond);
    r.message = cloneOrNull(r.message);
    r.rest = clone(r.rest);
    return r;
  }
  if (node instanceof Binary) {
    const r = shallowCopy(node);
    r.left = clone(r.left);
    r.right = clone(r.right);
    return r;
  }
  if (node instanceof Conditional) {
    const r = shallowCopy(node);
    r.cond = clone(r.cond);
    r.branchTrue = clone(r.branchTrue);
    r.branchFalse = cloneOrNull(r.branchFalse);
    return r;
  }
  if (node instanceof Error) {
    const r = shallowCopy(node);
    r.expr = clone(r.expr);
    return r;
  }
  if (node instanceof Function) {
    const r = shallowCopy(node);
    r.parameters = r.parameters.map((p) => {
      const rp = shallowCopy(p);
      rp.defaultArg = cloneOrNull(rp.defaultArg);
      return rp;
    });
    r.body = clone(r.body);
    return r;
  }
  if (node instanceof Import || node instanceof ImportStr || node instanceof ImportBin) {
    const r = shallowCopy(node);
    r.file = shallowCopy(node.file);
    return r;
  }
  if (node instanceof Index) {
    const r = shallowCopy(node);
    r.target = clone(r.target);
    r.index = cloneOrNull(r.index);
    return r;
  }
  if (node instanceof Slice) {
    const r = shallowCopy(node);
    r.target = clone(r.target);
    r.beginIndex = cloneOrNull(r.beginIndex);
    r.endIndex = cloneOrNull(r.endIndex);
    r.step = cloneOrNull(r.step);
    return r;
  }
  if (node instanceof Local) {
    const r = shallowCopy(node);
    r.binds = r.binds.map((b) => {
      const rb = shallowCopy(b);
      if (rb.fun !== null) rb.fun = clone(rb.fun) as Function;
      rb.body = clone(rb.body);
      return rb;
    });
    r.body = clone(r.body);
    return r;
  }
  if (node instanceof Object) {
    const r = shallowCopy(node);
    r.fields = r.fields.map(cloneField);
    return r;
  }
  if (node instanceof DesugaredObject) {
    const r = shallowCopy(node);
    r.fields = r.fields.map(cloneDesugaredField);
    return r;
  }
  if (node instanceof ObjectComp) {
    const r = shallowCopy(node);
    r.fields = r.fields.map(cloneField);
    r.spec = cloneForSpec(r.spec);
    return r;
  }
  if (node instanceof Parens) {
    const r = shallowCopy(node);
    r.inner = clone(r.inner);
    return r;
  }
  if (node instanceof SuperIndex) {
    const r = shallowCopy(node);
    r.index = cloneOrNull(r.index);
    return r;
  }
  if (node instanceof InSuper) {
    const r = shallowCopy(node);
    r.index = clone(r.index);
    return r;
  }
  if (node instanceof Unary) {
    const r = shallowCopy(node);
    r.expr = clone(r.expr);
    return r;
  }
  if (
    node instanceof Dollar ||
    node instanceof LiteralBoolean ||
    node instanceof LiteralNull ||
    node instanceof LiteralNumber ||
    node instanceof LiteralString ||
    node instanceof Self ||
    node instanceof Var
  ) {
    return shallowCopy(node);
  }
  throw new globalThis.Error('ast.Clone() does not recognize ast');
}

// ---------------------------------------------------------------------------
// Precedence (go-jsonnet internal/ast/ast.go)

export type Precedence = number;
/** Var, Self, Parens, literals. */
export const MinPrecedence: Precedence = 1;
/** Function calls and indexing. */
export const ApplyPrecedence: Precedence = 2;
/** Logical and bitwise negation, unary + -. */
export const UnaryPrecedence: Precedence = 4;
/** Local, If, Import, Function, Error. */
export const MaxPrecedence: Precedence = 16;

const bopPrecedence: Precedence[] = [
  5, // BopMult
  5, // BopDiv
  5, // BopPercent
  6, // BopPlus
  6, // BopMinus
  7, // BopShiftL
  7, // BopShiftR
  8, // BopGreater
  8, // BopGreaterEq
  8, // BopLess
  8, // BopLessEq
  8, // BopIn
  9, // BopManifestEqual
  9, // BopManifestUnequal
  10, // BopBitwiseAnd
  11, // BopBitwiseXor
  12, // BopBitwiseOr
  13, // BopAnd
  14, // BopOr
];

export function binaryOpPrecedence(bop: BinaryOp): Precedence {
  return bopPrecedence[bop];
}

export function exprPrecedence(node: Node): Precedence {
  if (
    node instanceof Apply ||
    node instanceof ApplyBrace ||
    node instanceof Index ||
    node instanceof SuperIndex ||
    node instanceof Slice
  ) {
    return ApplyPrecedence;
  }
  if (node instanceof Unary) return UnaryPrecedence;
  if (node instanceof Binary) return bopPrecedence[node.op];
  if (node instanceof InSuper) return bopPrecedence[BinaryOp.BopIn];
  if (
    node instanceof Local ||
    node instanceof Assert ||
    node instanceof Error ||
    node instanceof Import ||
    node instanceof ImportStr ||
    node instanceof ImportBin ||
    node instanceof Conditional
  ) {
    return MaxPrecedence;
  }
  return MinPrecedence;
}

export function tighterPrecedence(p: Precedence): Precedence {
  return p === MinPrecedence ? p : p - 1;
}
