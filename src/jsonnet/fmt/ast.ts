// The raw (non-desugared) Jsonnet AST with fodder that the formatter works on.
// Port of go-jsonnet v0.22 ast/ast.go, ast/fodder.go and the parts of
// ast/location.go the parser and formatter need (Apache-2.0).
//
// Go value structs (ForSpec, ObjectField, ...) are classes here; where Go copies a struct by
// value, a port must copy explicitly. A Fodder array is shared by reference, its elements are
// mutable objects (as a Go slice's backing array is shared).

// Node classes named Object, Array, Error and Function shadow the globals in this module.

// ---------------------------------------------------------------------------
// Location (location.go)

/**
 * A source file (Go's Source): its diagnostic name and lines, each ending in '\n'. Only error
 * messages read the lines, so they are split from the text on first use.
 */
export class Source {
  private splitLines: string[] | null = null;

  constructor(
    public diagnosticFileName: string,
    private readonly text: string,
  ) {}

  /** Go's Source.Lines, as BuildSource splits them. */
  get lines(): string[] {
    if (this.splitLines === null) {
      const s = this.text;
      const result: string[] = [];
      let start = 0;
      for (let i = 0; i < s.length; i++) {
        if (s[i] === '\n') {
          result.push(s.slice(start, i + 1));
          start = i + 1;
        }
      }
      result.push(s.slice(start) + '\n');
      this.splitLines = result;
    }
    return this.splitLines;
  }
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

/** Go's BuildSource: the lines (each keeps its '\n') are split when first read. */
export function buildSource(diagnosticFileName: string, s: string): Source {
  return new Source(diagnosticFileName, s);
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
  for (let i = 0; i < fodder.length; i++) sum += fodderElementCountNewlines(fodder[i]);
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

/**
 * Which node class a node is: `switch (node.nodeType)` is Go's type switch on a Node (and narrows
 * the Node union as TypeScript's instanceof does), without a chain of instanceof tests.
 */
export enum NodeType {
  Apply,
  ApplyBrace,
  Array,
  ArrayComp,
  Assert,
  Binary,
  Conditional,
  Dollar,
  Error,
  Function,
  Import,
  ImportStr,
  ImportBin,
  Index,
  Slice,
  Local,
  LiteralBoolean,
  LiteralNull,
  LiteralNumber,
  LiteralString,
  Object,
  ObjectComp,
  Parens,
  Self,
  SuperIndex,
  InSuper,
  Unary,
  Var,
}

export abstract class NodeBase {
  /** Set on each node class's prototype (setNodeType), so not a field of each node. */
  declare readonly nodeType: NodeType;
  /**
   * The fodder before the first token of the node. If the node is left-recursive (its first
   * token is a sub-expression's), it is empty: the fodder is stored as far inside as possible.
   */
  declare fodder: Fodder;
  declare ctx: Context;
  declare freeVars: Identifiers;
  declare locRange: LocationRange;

  // Fields are `declare`d and set once here and in each class's constructor, from init or as
  // Go's zero value: field initializers would allocate each default, then an Object.assign of
  // init would overwrite it (a fifth of the parser's time). The frozen defaults are shared.
  constructor(init: Init<NodeBase>) {
    this.fodder = init.fodder ?? [];
    this.ctx = init.ctx ?? null;
    this.freeVars = init.freeVars ?? NO_FREE_VARS;
    this.locRange = init.locRange ?? UNSET_LOCATION_RANGE;
  }

  /** Go's Node.Loc(). */
  loc(): LocationRange {
    return this.locRange;
  }
}

export class IfSpec {
  declare expr: Node;
  declare ifFodder: Fodder;
  constructor(init: Init<IfSpec, 'expr'>) {
    this.expr = init.expr;
    this.ifFodder = init.ifFodder ?? [];
  }
}

/**
 * A for-specification in a comprehension. `expr for x in a for y in b for z in c` is
 * ForSpec(z, outer=ForSpec(y, outer=ForSpec(x, outer=null))); ifs attach to the one on their left.
 */
export class ForSpec {
  declare forFodder: Fodder;
  declare varFodder: Fodder;
  declare conditions: IfSpec[];
  declare outer: ForSpec | null;
  declare expr: Node;
  declare varName: Identifier;
  declare inFodder: Fodder;
  constructor(init: Init<ForSpec, 'expr'>) {
    this.forFodder = init.forFodder ?? [];
    this.varFodder = init.varFodder ?? [];
    this.conditions = init.conditions ?? [];
    this.outer = init.outer ?? null;
    this.expr = init.expr;
    this.varName = init.varName ?? '';
    this.inFodder = init.inFodder ?? [];
  }
}

/** A function call. */
export class Apply extends NodeBase {
  declare readonly nodeType: NodeType.Apply;
  declare target: Node;
  declare fodderLeft: Fodder;
  declare arguments: Arguments;
  declare fodderRight: Fodder;
  declare tailStrictFodder: Fodder;
  /** Always false if there were no arguments. */
  declare trailingComma: boolean;
  declare tailStrict: boolean;
  constructor(init: Init<Apply, 'target'>) {
    super(init);
    this.target = init.target;
    this.fodderLeft = init.fodderLeft ?? [];
    this.arguments = init.arguments ?? new Arguments();
    this.fodderRight = init.fodderRight ?? [];
    this.tailStrictFodder = init.tailStrictFodder ?? [];
    this.trailingComma = init.trailingComma ?? false;
    this.tailStrict = init.tailStrict ?? false;
  }
}

/** A named argument to a function call: x=1. */
export class NamedArgument {
  declare nameFodder: Fodder;
  declare name: Identifier;
  declare eqFodder: Fodder;
  declare arg: Node;
  declare commaFodder: Fodder;
  constructor(init: Init<NamedArgument, 'arg'>) {
    this.nameFodder = init.nameFodder ?? [];
    this.name = init.name ?? '';
    this.eqFodder = init.eqFodder ?? [];
    this.arg = init.arg;
    this.commaFodder = init.commaFodder ?? [];
  }
}

/** An element of a comma-separated list of expressions (array elements, call arguments). */
export class CommaSeparatedExpr {
  declare expr: Node;
  declare commaFodder: Fodder;
  constructor(init: Init<CommaSeparatedExpr, 'expr'>) {
    this.expr = init.expr;
    this.commaFodder = init.commaFodder ?? [];
  }
}

/** Positional and named arguments to a function call: f(x, y, z=1). */
export class Arguments {
  declare positional: CommaSeparatedExpr[];
  declare named: NamedArgument[];
  constructor(init: Init<Arguments> = {}) {
    this.positional = init.positional ?? [];
    this.named = init.named ?? [];
  }
}

/** e { }, desugared to e + { }. */
export class ApplyBrace extends NodeBase {
  declare readonly nodeType: NodeType.ApplyBrace;
  declare left: Node;
  declare right: Node;
  constructor(init: Init<ApplyBrace, 'left' | 'right'>) {
    super(init);
    this.left = init.left;
    this.right = init.right;
  }
}

/** An array constructor [1, 2, 3]. */
export class Array extends NodeBase {
  declare readonly nodeType: NodeType.Array;
  declare elements: CommaSeparatedExpr[];
  declare closeFodder: Fodder;
  /** Always false if there were no elements. */
  declare trailingComma: boolean;
  constructor(init: Init<Array> = {}) {
    super(init);
    this.elements = init.elements ?? [];
    this.closeFodder = init.closeFodder ?? [];
    this.trailingComma = init.trailingComma ?? false;
  }
}

/** An array comprehension. */
export class ArrayComp extends NodeBase {
  declare readonly nodeType: NodeType.ArrayComp;
  declare body: Node;
  declare trailingCommaFodder: Fodder;
  declare spec: ForSpec;
  declare closeFodder: Fodder;
  declare trailingComma: boolean;
  constructor(init: Init<ArrayComp, 'body' | 'spec'>) {
    super(init);
    this.body = init.body;
    this.trailingCommaFodder = init.trailingCommaFodder ?? [];
    this.spec = init.spec;
    this.closeFodder = init.closeFodder ?? [];
    this.trailingComma = init.trailingComma ?? false;
  }
}

/** An assert expression (not an object-level assert); message may be null. */
export class Assert extends NodeBase {
  declare readonly nodeType: NodeType.Assert;
  declare cond: Node;
  declare message: Node | null;
  declare rest: Node;
  declare colonFodder: Fodder;
  declare semicolonFodder: Fodder;
  constructor(init: Init<Assert, 'cond' | 'rest'>) {
    super(init);
    this.cond = init.cond;
    this.message = init.message ?? null;
    this.rest = init.rest;
    this.colonFodder = init.colonFodder ?? [];
    this.semicolonFodder = init.semicolonFodder ?? [];
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
  declare readonly nodeType: NodeType.Binary;
  declare right: Node;
  declare left: Node;
  declare opFodder: Fodder;
  declare op: BinaryOp;
  constructor(init: Init<Binary, 'right' | 'left' | 'op'>) {
    super(init);
    this.right = init.right;
    this.left = init.left;
    this.opFodder = init.opFodder ?? [];
    this.op = init.op;
  }
}

/** if/then/else; branchFalse is null when there is no else branch. */
export class Conditional extends NodeBase {
  declare readonly nodeType: NodeType.Conditional;
  declare cond: Node;
  declare branchTrue: Node;
  declare branchFalse: Node | null;
  declare thenFodder: Fodder;
  declare elseFodder: Fodder;
  constructor(init: Init<Conditional, 'cond' | 'branchTrue'>) {
    super(init);
    this.cond = init.cond;
    this.branchTrue = init.branchTrue;
    this.branchFalse = init.branchFalse ?? null;
    this.thenFodder = init.thenFodder ?? [];
    this.elseFodder = init.elseFodder ?? [];
  }
}

/** The $ keyword. */
export class Dollar extends NodeBase {
  declare readonly nodeType: NodeType.Dollar;
  constructor(init: Init<Dollar> = {}) {
    super(init);
  }
}

/** error e. */
export class Error extends NodeBase {
  declare readonly nodeType: NodeType.Error;
  declare expr: Node;
  constructor(init: Init<Error, 'expr'>) {
    super(init);
    this.expr = init.expr;
  }
}

/** A function definition. */
export class Function extends NodeBase {
  declare readonly nodeType: NodeType.Function;
  declare parenLeftFodder: Fodder;
  declare parenRightFodder: Fodder;
  declare body: Node;
  declare parameters: Parameter[];
  /** Always false if there were no parameters. */
  declare trailingComma: boolean;
  constructor(init: Init<Function, 'body'>) {
    super(init);
    this.parenLeftFodder = init.parenLeftFodder ?? [];
    this.parenRightFodder = init.parenRightFodder ?? [];
    this.body = init.body;
    this.parameters = init.parameters ?? [];
    this.trailingComma = init.trailingComma ?? false;
  }
}

/**
 * A function parameter. With defaultArg it's an optional named parameter; otherwise it's
 * positional and eqFodder is unused.
 */
export class Parameter {
  declare nameFodder: Fodder;
  declare name: Identifier;
  declare commaFodder: Fodder;
  declare eqFodder: Fodder;
  declare defaultArg: Node | null;
  declare locRange: LocationRange;
  constructor(init: Init<Parameter> = {}) {
    this.nameFodder = init.nameFodder ?? [];
    this.name = init.name ?? '';
    this.commaFodder = init.commaFodder ?? [];
    this.eqFodder = init.eqFodder ?? [];
    this.defaultArg = init.defaultArg ?? null;
    this.locRange = init.locRange ?? new LocationRange();
  }
}

/** An element of a comma-separated list of identifiers. */
export class CommaSeparatedID {
  declare nameFodder: Fodder;
  declare name: Identifier;
  declare commaFodder: Fodder;
  constructor(init: Init<CommaSeparatedID> = {}) {
    this.nameFodder = init.nameFodder ?? [];
    this.name = init.name ?? '';
    this.commaFodder = init.commaFodder ?? [];
  }
}

/** import "file". */
export class Import extends NodeBase {
  declare readonly nodeType: NodeType.Import;
  declare file: LiteralString;
  constructor(init: Init<Import, 'file'>) {
    super(init);
    this.file = init.file;
  }
}

/** importstr "file". */
export class ImportStr extends NodeBase {
  declare readonly nodeType: NodeType.ImportStr;
  declare file: LiteralString;
  constructor(init: Init<ImportStr, 'file'>) {
    super(init);
    this.file = init.file;
  }
}

/** importbin "file". */
export class ImportBin extends NodeBase {
  declare readonly nodeType: NodeType.ImportBin;
  declare file: LiteralString;
  constructor(init: Init<ImportBin, 'file'>) {
    super(init);
    this.file = init.file;
  }
}

/** e[e] and the sugar e.f: exactly one of index and id is set. */
export class Index extends NodeBase {
  declare readonly nodeType: NodeType.Index;
  declare target: Node;
  declare index: Node | null;
  /** With index, the fodder before the ']'; with id, the fodder before the id. */
  declare rightBracketFodder: Fodder;
  /** With index, the fodder before the '['; with id, the fodder before the '.'. */
  declare leftBracketFodder: Fodder;
  declare id: Identifier | null;
  constructor(init: Init<Index, 'target'>) {
    super(init);
    this.target = init.target;
    this.index = init.index ?? null;
    this.rightBracketFodder = init.rightBracketFodder ?? [];
    this.leftBracketFodder = init.leftBracketFodder ?? [];
    this.id = init.id ?? null;
  }
}

/** An array slice a[begin:end:step]; each of the three may be null. */
export class Slice extends NodeBase {
  declare readonly nodeType: NodeType.Slice;
  declare target: Node;
  declare leftBracketFodder: Fodder;
  declare beginIndex: Node | null;
  declare endColonFodder: Fodder;
  declare endIndex: Node | null;
  declare stepColonFodder: Fodder;
  declare step: Node | null;
  declare rightBracketFodder: Fodder;
  constructor(init: Init<Slice, 'target'>) {
    super(init);
    this.target = init.target;
    this.leftBracketFodder = init.leftBracketFodder ?? [];
    this.beginIndex = init.beginIndex ?? null;
    this.endColonFodder = init.endColonFodder ?? [];
    this.endIndex = init.endIndex ?? null;
    this.stepColonFodder = init.stepColonFodder ?? [];
    this.step = init.step ?? null;
    this.rightBracketFodder = init.rightBracketFodder ?? [];
  }
}

/** One binding of a local. */
export class LocalBind {
  declare varFodder: Fodder;
  /** If fun is set then its body === body. */
  declare body: Node;
  declare eqFodder: Fodder;
  declare variable: Identifier;
  /** The fodder before the closing ',' or ';' (whichever it is). */
  declare closeFodder: Fodder;
  /** There is no base fodder in fun because there was no `function` keyword. */
  declare fun: Function | null;
  declare locRange: LocationRange;
  constructor(init: Init<LocalBind, 'body'>) {
    this.varFodder = init.varFodder ?? [];
    this.body = init.body;
    this.eqFodder = init.eqFodder ?? [];
    this.variable = init.variable ?? '';
    this.closeFodder = init.closeFodder ?? [];
    this.fun = init.fun ?? null;
    this.locRange = init.locRange ?? new LocationRange();
  }
}

export type LocalBinds = LocalBind[];

/** local x = e; e. */
export class Local extends NodeBase {
  declare readonly nodeType: NodeType.Local;
  declare binds: LocalBinds;
  declare body: Node;
  constructor(init: Init<Local, 'body'>) {
    super(init);
    this.binds = init.binds ?? [];
    this.body = init.body;
  }
}

export class LiteralBoolean extends NodeBase {
  declare readonly nodeType: NodeType.LiteralBoolean;
  declare value: boolean;
  constructor(init: Init<LiteralBoolean> = {}) {
    super(init);
    this.value = init.value ?? false;
  }
}

export class LiteralNull extends NodeBase {
  declare readonly nodeType: NodeType.LiteralNull;
  constructor(init: Init<LiteralNull> = {}) {
    super(init);
  }
}

export class LiteralNumber extends NodeBase {
  declare readonly nodeType: NodeType.LiteralNumber;
  declare originalString: string;
  constructor(init: Init<LiteralNumber> = {}) {
    super(init);
    this.originalString = init.originalString ?? '';
  }
}

export enum LiteralStringKind {
  StringSingle,
  StringDouble,
  StringBlock,
  VerbatimStringDouble,
  VerbatimStringSingle,
}

export class LiteralString extends NodeBase {
  declare readonly nodeType: NodeType.LiteralString;
  declare value: string;
  declare blockIndent: string;
  declare blockTermIndent: string;
  declare kind: LiteralStringKind;
  constructor(init: Init<LiteralString> = {}) {
    super(init);
    this.value = init.value ?? '';
    this.blockIndent = init.blockIndent ?? '';
    this.blockTermIndent = init.blockTermIndent ?? '';
    this.kind = init.kind ?? LiteralStringKind.StringSingle;
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
  declare method: Function | null;
  declare id: Identifier | null;
  declare fodder2: Fodder;
  declare fodder1: Fodder;
  declare opFodder: Fodder;
  declare commaFodder: Fodder;
  /** Not in scope of the object. */
  declare expr1: Node | null;
  /** In scope of the object (can see self). */
  declare expr2: Node | null;
  declare expr3: Node | null;
  declare locRange: LocationRange;
  declare kind: ObjectFieldKind;
  /** Ignore if kind is not ObjectFieldID/Expr/Str. */
  declare hide: ObjectFieldHide;
  /** +: (ignore if kind is not ObjectFieldID/Expr/Str). */
  declare superSugar: boolean;
  constructor(init: Init<ObjectField> = {}) {
    this.method = init.method ?? null;
    this.id = init.id ?? null;
    this.fodder2 = init.fodder2 ?? [];
    this.fodder1 = init.fodder1 ?? [];
    this.opFodder = init.opFodder ?? [];
    this.commaFodder = init.commaFodder ?? [];
    this.expr1 = init.expr1 ?? null;
    this.expr2 = init.expr2 ?? null;
    this.expr3 = init.expr3 ?? null;
    this.locRange = init.locRange ?? new LocationRange();
    this.kind = init.kind ?? ObjectFieldKind.ObjectAssert;
    this.hide = init.hide ?? ObjectFieldHide.ObjectFieldHidden;
    this.superSugar = init.superSugar ?? false;
  }
}

export type ObjectFields = ObjectField[];

/** An object constructor { f: e ... }; trailing comma only if there are fields. */
export class Object extends NodeBase {
  declare readonly nodeType: NodeType.Object;
  declare fields: ObjectFields;
  declare closeFodder: Fodder;
  declare trailingComma: boolean;
  constructor(init: Init<Object> = {}) {
    super(init);
    this.fields = init.fields ?? [];
    this.closeFodder = init.closeFodder ?? [];
    this.trailingComma = init.trailingComma ?? false;
  }
}

/** An object comprehension { [e]: e for x in e for.. if... }. */
export class ObjectComp extends NodeBase {
  declare readonly nodeType: NodeType.ObjectComp;
  declare fields: ObjectFields;
  declare trailingCommaFodder: Fodder;
  declare closeFodder: Fodder;
  declare spec: ForSpec;
  declare trailingComma: boolean;
  constructor(init: Init<ObjectComp, 'spec'>) {
    super(init);
    this.fields = init.fields ?? [];
    this.trailingCommaFodder = init.trailingCommaFodder ?? [];
    this.closeFodder = init.closeFodder ?? [];
    this.spec = init.spec;
    this.trailingComma = init.trailingComma ?? false;
  }
}

/** ( e ) */
export class Parens extends NodeBase {
  declare readonly nodeType: NodeType.Parens;
  declare inner: Node;
  declare closeFodder: Fodder;
  constructor(init: Init<Parens, 'inner'>) {
    super(init);
    this.inner = init.inner;
    this.closeFodder = init.closeFodder ?? [];
  }
}

/** The self keyword. */
export class Self extends NodeBase {
  declare readonly nodeType: NodeType.Self;
  constructor(init: Init<Self> = {}) {
    super(init);
  }
}

/** super[e] and super.f: exactly one of index and id is set. */
export class SuperIndex extends NodeBase {
  declare readonly nodeType: NodeType.SuperIndex;
  /** With super.f, the fodder before the 'f'; with super[e], the fodder before the ']'. */
  declare idFodder: Fodder;
  declare index: Node | null;
  /** With super.f, the fodder before the '.'; with super[e], the fodder before the '['. */
  declare dotFodder: Fodder;
  declare id: Identifier | null;
  constructor(init: Init<SuperIndex> = {}) {
    super(init);
    this.idFodder = init.idFodder ?? [];
    this.index = init.index ?? null;
    this.dotFodder = init.dotFodder ?? [];
    this.id = init.id ?? null;
  }
}

/** e in super. */
export class InSuper extends NodeBase {
  declare readonly nodeType: NodeType.InSuper;
  declare index: Node;
  declare inFodder: Fodder;
  declare superFodder: Fodder;
  constructor(init: Init<InSuper, 'index'>) {
    super(init);
    this.index = init.index;
    this.inFodder = init.inFodder ?? [];
    this.superFodder = init.superFodder ?? [];
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
  declare readonly nodeType: NodeType.Unary;
  declare expr: Node;
  declare op: UnaryOp;
  constructor(init: Init<Unary, 'expr' | 'op'>) {
    super(init);
    this.expr = init.expr;
    this.op = init.op;
  }
}

/** A variable reference. */
export class Var extends NodeBase {
  declare readonly nodeType: NodeType.Var;
  declare id: Identifier;
  constructor(init: Init<Var> = {}) {
    super(init);
    this.id = init.id ?? '';
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
  | ObjectComp
  | Parens
  | Self
  | SuperIndex
  | InSuper
  | Unary
  | Var;

export type Nodes = Node[];

function setNodeType(c: { prototype: NodeBase }, t: NodeType): void {
  globalThis.Object.defineProperty(c.prototype, 'nodeType', { value: t });
}
setNodeType(Apply, NodeType.Apply);
setNodeType(ApplyBrace, NodeType.ApplyBrace);
setNodeType(Array, NodeType.Array);
setNodeType(ArrayComp, NodeType.ArrayComp);
setNodeType(Assert, NodeType.Assert);
setNodeType(Binary, NodeType.Binary);
setNodeType(Conditional, NodeType.Conditional);
setNodeType(Dollar, NodeType.Dollar);
setNodeType(Error, NodeType.Error);
setNodeType(Function, NodeType.Function);
setNodeType(Import, NodeType.Import);
setNodeType(ImportStr, NodeType.ImportStr);
setNodeType(ImportBin, NodeType.ImportBin);
setNodeType(Index, NodeType.Index);
setNodeType(Slice, NodeType.Slice);
setNodeType(Local, NodeType.Local);
setNodeType(LiteralBoolean, NodeType.LiteralBoolean);
setNodeType(LiteralNull, NodeType.LiteralNull);
setNodeType(LiteralNumber, NodeType.LiteralNumber);
setNodeType(LiteralString, NodeType.LiteralString);
setNodeType(Object, NodeType.Object);
setNodeType(ObjectComp, NodeType.ObjectComp);
setNodeType(Parens, NodeType.Parens);
setNodeType(Self, NodeType.Self);
setNodeType(SuperIndex, NodeType.SuperIndex);
setNodeType(InSuper, NodeType.InSuper);
setNodeType(Unary, NodeType.Unary);
setNodeType(Var, NodeType.Var);

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
